/* raft_types.c — names for diagnostics and the membership encoding. */
#include <string.h>

#include "raft/raft_types.h"

const char *raft_status_name(int status)
{
    switch (status) {
    case RAFT_OK: return "ok";
    case RAFT_ERR_NOT_LEADER: return "not-leader";
    case RAFT_ERR_BUSY: return "busy";
    case RAFT_ERR_LOG_FULL: return "log-full";
    case RAFT_ERR_TOO_LARGE: return "too-large";
    case RAFT_ERR_INVALID: return "invalid";
    case RAFT_ERR_UNKNOWN_NODE: return "unknown-node";
    case RAFT_ERR_NOT_CAUGHT_UP: return "not-caught-up";
    case RAFT_ERR_STORAGE: return "storage";
    case RAFT_ERR_CORRUPT: return "corrupt";
    case RAFT_ERR_DROPPED: return "dropped";
    case RAFT_ERR_TIMEOUT: return "timeout";
    default: return "unknown";
    }
}

const char *raft_role_name(enum raft_role role)
{
    switch (role) {
    case RAFT_FOLLOWER: return "follower";
    case RAFT_PRE_CANDIDATE: return "pre-candidate";
    case RAFT_CANDIDATE: return "candidate";
    case RAFT_LEADER: return "leader";
    default: return "unknown";
    }
}

const char *raft_message_type_name(uint8_t type)
{
    static const char *const names[] = {"invalid",  "prevote",     "prevote-resp", "vote",
                                        "vote-resp", "append",      "append-resp",  "snapshot",
                                        "snapshot-resp", "timeout-now", "client-request", "client-reply"};
    return type <= RAFT_MSG_TYPE_MAX ? names[type] : "invalid";
}

int raft_membership_find(const struct raft_membership *m, raft_node_id_t id)
{
    for (int i = 0; i < m->count; i++)
        if (m->members[i].id == id)
            return i;
    return -1;
}

bool raft_membership_is_voter(const struct raft_membership *m, raft_node_id_t id)
{
    int i = raft_membership_find(m, id);
    return i >= 0 && m->members[i].role == RAFT_MEMBER_VOTER;
}

unsigned raft_membership_voters(const struct raft_membership *m)
{
    unsigned n = 0;
    for (int i = 0; i < m->count; i++)
        n += m->members[i].role == RAFT_MEMBER_VOTER;
    return n;
}

uint16_t raft_membership_encode(const struct raft_membership *m, uint8_t *buf)
{
    uint16_t n = 0;
    buf[n++] = m->count;
    for (int i = 0; i < m->count; i++) {
        buf[n++] = (uint8_t)(m->members[i].id & 0xffu);
        buf[n++] = (uint8_t)(m->members[i].id >> 8);
        buf[n++] = m->members[i].role;
    }
    return n;
}

bool raft_membership_decode(struct raft_membership *m, const uint8_t *buf, size_t len)
{
    if (len < 1 || buf[0] > RAFT_MAX_NODES || len != 1u + 3u * buf[0])
        return false;
    struct raft_membership out;
    memset(&out, 0, sizeof out);
    for (uint8_t i = 0; i < buf[0]; i++) {
        const uint8_t *p = &buf[1 + 3 * i];
        raft_node_id_t id = (raft_node_id_t)(p[0] | (p[1] << 8));
        if (id == RAFT_NODE_NONE || (p[2] != RAFT_MEMBER_VOTER && p[2] != RAFT_MEMBER_LEARNER) ||
            raft_membership_find(&out, id) >= 0)
            return false;
        out.members[i].id = id;
        out.members[i].role = p[2];
        out.count = (uint8_t)(i + 1);
    }
    *m = out;
    return true;
}
