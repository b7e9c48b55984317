/*
 * raft_types.h — the vocabulary shared by the core, the wire codec, the node
 * server and the simulator: ids, terms, indices, entries, memberships and
 * messages. Plain data, no behaviour.
 */
#ifndef RAFT_TYPES_H
#define RAFT_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "raft/raft_config.h"

/* A term changes only at elections: 32 bits never wrap in practice. */
typedef uint32_t raft_term_t;
/* An index counts every command ever committed: 64 bits. */
typedef uint64_t raft_index_t;
/* Node ids come from the model; 0 means "nobody". */
typedef uint16_t raft_node_id_t;
#define RAFT_NODE_NONE ((raft_node_id_t)0)

/* Result codes of the core and the server (0 = success). */
enum raft_status {
    RAFT_OK = 0,
    RAFT_ERR_NOT_LEADER = -1,     /* only the leader may do this; see the leader hint */
    RAFT_ERR_BUSY = -2,           /* a bounded queue is full, or a change/transfer is running */
    RAFT_ERR_LOG_FULL = -3,       /* in-memory log full until the next snapshot */
    RAFT_ERR_TOO_LARGE = -4,      /* payload above RAFT_MAX_ENTRY_SIZE */
    RAFT_ERR_INVALID = -5,        /* argument out of range or inconsistent */
    RAFT_ERR_UNKNOWN_NODE = -6,   /* node id not in the membership (or already in it) */
    RAFT_ERR_NOT_CAUGHT_UP = -7,  /* learner too far behind to be promoted */
    RAFT_ERR_STORAGE = -8,        /* the storage backend failed */
    RAFT_ERR_CORRUPT = -9,        /* persisted state inconsistent */
    RAFT_ERR_DROPPED = -10,       /* request lost (leadership changed); retry */
    RAFT_ERR_TIMEOUT = -11        /* no answer in time; the request may or may not apply */
};

/* Short stable name of a status, e.g. "not-leader". */
const char *raft_status_name(int status);

enum raft_role { RAFT_FOLLOWER = 0, RAFT_PRE_CANDIDATE = 1, RAFT_CANDIDATE = 2, RAFT_LEADER = 3 };
const char *raft_role_name(enum raft_role role);

/* ---- log entries --------------------------------------------------------- */

enum raft_entry_type {
    RAFT_ENTRY_COMMAND = 0, /* opaque client command for the state machine */
    RAFT_ENTRY_NOOP = 1,    /* appended by every new leader to commit its term */
    RAFT_ENTRY_CONFIG = 2   /* a complete membership (raft_membership_encode) */
};

/* An entry whose payload lives elsewhere (the log arena, a received frame). */
struct raft_entry_view {
    raft_term_t term;
    uint8_t type;  /* enum raft_entry_type */
    uint16_t len;
    const uint8_t *data;
};

/* ---- membership ---------------------------------------------------------- */

enum raft_member_role { RAFT_MEMBER_VOTER = 1, RAFT_MEMBER_LEARNER = 2 };

struct raft_member {
    raft_node_id_t id;
    uint8_t role; /* enum raft_member_role */
};

/* The cluster configuration: who votes, who only receives the log. */
struct raft_membership {
    uint8_t count;
    struct raft_member members[RAFT_MAX_NODES];
};

/* Bytes of an encoded membership: count, then id (LE16) + role per member. */
#define RAFT_MEMBERSHIP_ENCODED_MAX (1 + 3 * RAFT_MAX_NODES)

/* Position of `id` in m, or -1. */
int raft_membership_find(const struct raft_membership *m, raft_node_id_t id);
bool raft_membership_is_voter(const struct raft_membership *m, raft_node_id_t id);
unsigned raft_membership_voters(const struct raft_membership *m);
/* Encode into buf (>= RAFT_MEMBERSHIP_ENCODED_MAX); returns the length. */
uint16_t raft_membership_encode(const struct raft_membership *m, uint8_t *buf);
/* Decode; false on malformed input (bad count, bad role, id 0, duplicate). */
bool raft_membership_decode(struct raft_membership *m, const uint8_t *buf, size_t len);

/* ---- messages ------------------------------------------------------------ */

enum raft_message_type {
    RAFT_MSG_PREVOTE = 1,         /* raft_vote_request, term = candidate term + 1 */
    RAFT_MSG_PREVOTE_RESP = 2,    /* raft_vote_response */
    RAFT_MSG_VOTE = 3,            /* raft_vote_request */
    RAFT_MSG_VOTE_RESP = 4,       /* raft_vote_response */
    RAFT_MSG_APPEND = 5,          /* raft_append_request (also the heartbeat) */
    RAFT_MSG_APPEND_RESP = 6,     /* raft_append_response */
    RAFT_MSG_SNAPSHOT = 7,        /* raft_snapshot_request: one InstallSnapshot chunk */
    RAFT_MSG_SNAPSHOT_RESP = 8,   /* raft_snapshot_response */
    RAFT_MSG_TIMEOUT_NOW = 9,     /* leadership transfer: campaign now */
    RAFT_MSG_CLIENT_REQUEST = 10, /* server level: a client request forwarded to the leader */
    RAFT_MSG_CLIENT_REPLY = 11    /* server level: the leader's answer to a forwarded request */
};
#define RAFT_MSG_TYPE_MAX RAFT_MSG_CLIENT_REPLY

struct raft_vote_request {
    raft_index_t last_index;
    raft_term_t last_term;
    bool transfer; /* sent after TimeoutNow: ignore leader stickiness */
};

struct raft_vote_response {
    bool granted;
};

struct raft_append_request {
    raft_index_t prev_index;
    raft_term_t prev_term;
    raft_index_t commit;
    uint32_t read_seq; /* leader's heartbeat round, echoed back (ReadIndex) */
    uint32_t sent_ms;  /* leader's clock when queued, echoed back (lease) */
    uint16_t n_entries;
    /* Entries prev_index+1 .. prev_index+n_entries. NULL in messages the core
     * emits: the encoder reads them from the core's log (raft_core_entry).
     * Decoded messages point into the received frame. */
    const struct raft_entry_view *entries;
};

struct raft_append_response {
    bool success;
    /* success: the follower's log matches the leader's up to `index`;
     * reject: `index` is the rejected prev_index. */
    raft_index_t index;
    /* reject: where the leader should retry. hint_term = 0: follower's log
     * ends at hint_index - 1; else the follower has term hint_term at the
     * conflict and hint_index is its first index of that term.
     * success: 0, or index + 1 when the follower's log was full and it took
     * only part of the entries (the leader waits for a heartbeat). */
    raft_index_t hint_index;
    raft_term_t hint_term;
    uint32_t read_seq; /* echoed */
    uint32_t sent_ms;  /* echoed */
};

struct raft_snapshot_request {
    raft_index_t last_index; /* the snapshot covers entries up to here */
    raft_term_t last_term;
    struct raft_membership membership; /* configuration at last_index */
    uint32_t offset;                    /* byte offset of this chunk */
    bool done;                          /* last chunk */
    uint16_t len;
    /* NULL in messages the core emits: the server reads the chunk from the
     * stored snapshot at `offset` and sets len/done. */
    const uint8_t *data;
};

struct raft_snapshot_response {
    raft_index_t last_index; /* which snapshot */
    uint32_t next_offset;    /* bytes received in order so far */
    bool done;               /* installed (or not needed): leader probes from last_index + 1 */
};

/* Server-level forwarding (the core never sees these). */
struct raft_client_envelope {
    uint32_t ref;   /* the forwarding node's request slot, echoed in the reply */
    uint16_t len;
    const uint8_t *data; /* request or reply, encoded by the server */
};

struct raft_message {
    uint8_t type; /* enum raft_message_type */
    raft_node_id_t from;
    raft_node_id_t to;
    raft_term_t term;
    union {
        struct raft_vote_request vote;
        struct raft_vote_response vote_resp;
        struct raft_append_request append;
        struct raft_append_response append_resp;
        struct raft_snapshot_request snapshot;
        struct raft_snapshot_response snapshot_resp;
        struct raft_client_envelope client;
    } u;
};

const char *raft_message_type_name(uint8_t type);

#endif
