/* raft_message_codec.c — encode/decode of every Raft message (see header). */
#include <string.h>

#include "raft/raft_message_codec.h"

#define ID_MAX 0xFFFFu
#define TERM_MAX 0xFFFFFFFFu
#define U32_MAX 0xFFFFFFFFu

const char *raft_message_error_name(int err)
{
    switch (err) {
    case RAFT_MSG_ERR_TYPE: return "bad-message-type";
    case RAFT_MSG_ERR_FIELD: return "field-out-of-range";
    case RAFT_MSG_ERR_ENTRIES: return "bad-entries";
    case RAFT_MSG_ERR_MISSING: return "entry-missing";
    default: return raft_codec_error_name(err);
    }
}

/* ---- encode ------------------------------------------------------------------ */

static void write_membership(struct raft_writer *w, const struct raft_membership *mb)
{
    raft_write_varint(w, mb->count);
    for (int i = 0; i < mb->count; i++) {
        raft_write_varint(w, mb->members[i].id);
        raft_write_u8(w, mb->members[i].role);
    }
}

static int write_entries(struct raft_writer *w, const struct raft_append_request *a, raft_entry_source source,
                         const void *ctx)
{
    if (a->n_entries > RAFT_MAX_BATCH)
        return RAFT_MSG_ERR_ENTRIES;
    raft_write_varint(w, a->n_entries);
    for (uint16_t k = 0; k < a->n_entries; k++) {
        struct raft_entry_view e;
        if (a->entries) {
            e = a->entries[k];
        } else if (!source || !source(ctx, a->prev_index + 1 + k, &e)) {
            return RAFT_MSG_ERR_MISSING;
        }
        if (e.len > RAFT_MAX_ENTRY_SIZE || e.type > RAFT_ENTRY_CONFIG)
            return RAFT_MSG_ERR_ENTRIES;
        raft_write_varint(w, e.term);
        raft_write_u8(w, e.type);
        raft_write_bytes(w, e.data, e.len);
    }
    return RAFT_CODEC_OK;
}

int32_t raft_message_encode(const struct raft_message *m, raft_entry_source source, const void *source_ctx,
                            uint8_t *buf, size_t cap)
{
    if (cap <= RAFT_FRAME_OVERHEAD_MAX)
        return RAFT_CODEC_ERR_NO_SPACE;
    size_t payload_cap = cap - RAFT_FRAME_OVERHEAD_MAX;
    if (payload_cap > RAFT_MESSAGE_PAYLOAD_MAX)
        payload_cap = RAFT_MESSAGE_PAYLOAD_MAX;
    struct raft_writer w;
    raft_writer_init(&w, buf + RAFT_FRAME_HEADER_MAX, payload_cap);
    raft_write_u8(&w, m->type);
    raft_write_varint(&w, m->from);
    raft_write_varint(&w, m->to);
    raft_write_varint(&w, m->term);
    switch (m->type) {
    case RAFT_MSG_PREVOTE:
    case RAFT_MSG_VOTE:
        raft_write_varint(&w, m->u.vote.last_index);
        raft_write_varint(&w, m->u.vote.last_term);
        raft_write_bool(&w, m->u.vote.transfer);
        break;
    case RAFT_MSG_PREVOTE_RESP:
    case RAFT_MSG_VOTE_RESP:
        raft_write_bool(&w, m->u.vote_resp.granted);
        break;
    case RAFT_MSG_APPEND: {
        const struct raft_append_request *a = &m->u.append;
        raft_write_varint(&w, a->prev_index);
        raft_write_varint(&w, a->prev_term);
        raft_write_varint(&w, a->commit);
        raft_write_varint(&w, a->read_seq);
        raft_write_varint(&w, a->sent_ms);
        int err = write_entries(&w, a, source, source_ctx);
        if (err)
            return err;
        break;
    }
    case RAFT_MSG_APPEND_RESP: {
        const struct raft_append_response *r = &m->u.append_resp;
        raft_write_bool(&w, r->success);
        raft_write_varint(&w, r->index);
        raft_write_varint(&w, r->hint_index);
        raft_write_varint(&w, r->hint_term);
        raft_write_varint(&w, r->read_seq);
        raft_write_varint(&w, r->sent_ms);
        break;
    }
    case RAFT_MSG_SNAPSHOT: {
        const struct raft_snapshot_request *s = &m->u.snapshot;
        if (s->len > RAFT_SNAPSHOT_CHUNK)
            return RAFT_MSG_ERR_FIELD;
        raft_write_varint(&w, s->last_index);
        raft_write_varint(&w, s->last_term);
        write_membership(&w, &s->membership);
        raft_write_varint(&w, s->offset);
        raft_write_bool(&w, s->done);
        raft_write_bytes(&w, s->data, s->len);
        break;
    }
    case RAFT_MSG_SNAPSHOT_RESP:
        raft_write_varint(&w, m->u.snapshot_resp.last_index);
        raft_write_varint(&w, m->u.snapshot_resp.next_offset);
        raft_write_bool(&w, m->u.snapshot_resp.done);
        break;
    case RAFT_MSG_TIMEOUT_NOW:
        break;
    case RAFT_MSG_CLIENT_REQUEST:
    case RAFT_MSG_CLIENT_REPLY:
        raft_write_varint(&w, m->u.client.ref);
        raft_write_bytes(&w, m->u.client.data, m->u.client.len);
        break;
    default:
        return RAFT_MSG_ERR_TYPE;
    }
    if (w.err)
        return w.err;
    size_t n = raft_frame_wrap(buf, cap, buf + RAFT_FRAME_HEADER_MAX, w.len);
    return n ? (int32_t)n : RAFT_CODEC_ERR_NO_SPACE;
}

/* ---- decode ------------------------------------------------------------------ */

static bool read_flag(struct raft_reader *r) { return raft_read_bool(r); }

static int read_membership(struct raft_reader *r, struct raft_membership *mb)
{
    uint64_t count = raft_read_varint_max(r, RAFT_MAX_NODES);
    memset(mb, 0, sizeof *mb);
    for (uint64_t i = 0; i < count && !r->err; i++) {
        raft_node_id_t id = (raft_node_id_t)raft_read_varint_max(r, ID_MAX);
        uint8_t role = raft_read_u8(r);
        if (r->err)
            break;
        if (id == RAFT_NODE_NONE || (role != RAFT_MEMBER_VOTER && role != RAFT_MEMBER_LEARNER) ||
            raft_membership_find(mb, id) >= 0)
            return RAFT_MSG_ERR_FIELD;
        mb->members[i].id = id;
        mb->members[i].role = role;
        mb->count = (uint8_t)(i + 1);
    }
    return r->err;
}

static int read_entries(struct raft_reader *r, struct raft_append_request *a,
                        struct raft_entry_view entries[RAFT_MAX_BATCH], raft_term_t msg_term)
{
    uint64_t n = raft_read_varint(r);
    if (r->err)
        return r->err;
    if (n > RAFT_MAX_BATCH)
        return RAFT_MSG_ERR_ENTRIES;
    for (uint64_t k = 0; k < n; k++) {
        struct raft_entry_view *e = &entries[k];
        e->term = (raft_term_t)raft_read_varint_max(r, TERM_MAX);
        e->type = raft_read_u8(r);
        const uint8_t *data = NULL;
        size_t len = raft_read_bytes_ref(r, &data, RAFT_MAX_ENTRY_SIZE);
        if (r->err)
            return r->err == RAFT_CODEC_ERR_RANGE ? RAFT_MSG_ERR_ENTRIES : r->err;
        /* An entry is never newer than the leader sending it. */
        if (e->type > RAFT_ENTRY_CONFIG || e->term == 0 || e->term > msg_term)
            return RAFT_MSG_ERR_ENTRIES;
        e->data = data;
        e->len = (uint16_t)len;
    }
    a->n_entries = (uint16_t)n;
    a->entries = entries;
    return RAFT_CODEC_OK;
}

int raft_message_decode(const uint8_t *frame, size_t len, struct raft_message *m,
                        struct raft_entry_view entries[RAFT_MAX_BATCH])
{
    const uint8_t *payload;
    size_t payload_len;
    int err = raft_frame_unwrap(frame, len, RAFT_MESSAGE_PAYLOAD_MAX, &payload, &payload_len);
    if (err)
        return err;
    struct raft_reader r;
    raft_reader_init(&r, payload, payload_len);
    memset(m, 0, sizeof *m);
    m->type = raft_read_u8(&r);
    m->from = (raft_node_id_t)raft_read_varint_max(&r, ID_MAX);
    m->to = (raft_node_id_t)raft_read_varint_max(&r, ID_MAX);
    m->term = (raft_term_t)raft_read_varint_max(&r, TERM_MAX);
    if (r.err)
        return r.err == RAFT_CODEC_ERR_RANGE ? RAFT_MSG_ERR_FIELD : r.err;
    if (m->type < RAFT_MSG_PREVOTE || m->type > RAFT_MSG_TYPE_MAX)
        return RAFT_MSG_ERR_TYPE;
    if (m->from == RAFT_NODE_NONE)
        return RAFT_MSG_ERR_FIELD;
    switch (m->type) {
    case RAFT_MSG_PREVOTE:
    case RAFT_MSG_VOTE:
        m->u.vote.last_index = raft_read_varint(&r);
        m->u.vote.last_term = (raft_term_t)raft_read_varint_max(&r, TERM_MAX);
        m->u.vote.transfer = read_flag(&r);
        break;
    case RAFT_MSG_PREVOTE_RESP:
    case RAFT_MSG_VOTE_RESP:
        m->u.vote_resp.granted = read_flag(&r);
        break;
    case RAFT_MSG_APPEND: {
        struct raft_append_request *a = &m->u.append;
        a->prev_index = raft_read_varint(&r);
        a->prev_term = (raft_term_t)raft_read_varint_max(&r, TERM_MAX);
        a->commit = raft_read_varint(&r);
        a->read_seq = (uint32_t)raft_read_varint_max(&r, U32_MAX);
        a->sent_ms = (uint32_t)raft_read_varint_max(&r, U32_MAX);
        if (r.err)
            break;
        if (a->prev_index > UINT64_MAX - RAFT_MAX_BATCH)
            return RAFT_MSG_ERR_FIELD;
        err = read_entries(&r, a, entries, m->term);
        if (err)
            return err;
        break;
    }
    case RAFT_MSG_APPEND_RESP: {
        struct raft_append_response *a = &m->u.append_resp;
        a->success = read_flag(&r);
        a->index = raft_read_varint(&r);
        a->hint_index = raft_read_varint(&r);
        a->hint_term = (raft_term_t)raft_read_varint_max(&r, TERM_MAX);
        a->read_seq = (uint32_t)raft_read_varint_max(&r, U32_MAX);
        a->sent_ms = (uint32_t)raft_read_varint_max(&r, U32_MAX);
        break;
    }
    case RAFT_MSG_SNAPSHOT: {
        struct raft_snapshot_request *s = &m->u.snapshot;
        s->last_index = raft_read_varint(&r);
        s->last_term = (raft_term_t)raft_read_varint_max(&r, TERM_MAX);
        err = read_membership(&r, &s->membership);
        if (err)
            return err == RAFT_CODEC_ERR_RANGE ? RAFT_MSG_ERR_FIELD : err;
        s->offset = (uint32_t)raft_read_varint_max(&r, U32_MAX);
        s->done = read_flag(&r);
        const uint8_t *data = NULL;
        size_t n = raft_read_bytes_ref(&r, &data, RAFT_SNAPSHOT_CHUNK);
        s->data = data;
        s->len = (uint16_t)n;
        if (!r.err && (s->last_index == 0 || s->membership.count == 0))
            return RAFT_MSG_ERR_FIELD;
        break;
    }
    case RAFT_MSG_SNAPSHOT_RESP:
        m->u.snapshot_resp.last_index = raft_read_varint(&r);
        m->u.snapshot_resp.next_offset = (uint32_t)raft_read_varint_max(&r, U32_MAX);
        m->u.snapshot_resp.done = read_flag(&r);
        break;
    case RAFT_MSG_TIMEOUT_NOW:
        break;
    case RAFT_MSG_CLIENT_REQUEST:
    case RAFT_MSG_CLIENT_REPLY: {
        m->u.client.ref = (uint32_t)raft_read_varint_max(&r, U32_MAX);
        const uint8_t *data = NULL;
        size_t n = raft_read_bytes_ref(&r, &data, RAFT_MESSAGE_PAYLOAD_MAX);
        m->u.client.data = data;
        m->u.client.len = (uint16_t)n;
        break;
    }
    default:
        return RAFT_MSG_ERR_TYPE;
    }
    if (r.err)
        return r.err == RAFT_CODEC_ERR_RANGE ? RAFT_MSG_ERR_FIELD : r.err;
    return raft_reader_finish(&r);
}
