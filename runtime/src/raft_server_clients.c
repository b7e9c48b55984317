/*
 * raft_server_clients.c — client requests of one node: control lines in,
 * replies out; writes proposed and answered after apply; reads through the
 * core's ReadIndex/lease; followers forward to the leader and route the
 * answer back; timeouts.
 */
#include <string.h>

#include "raft/raft_codec.h"
#include "raft_server_internal.h"

enum reply_kind { REPLY_OK = 0, REPLY_VALUE = 1, REPLY_NOT_FOUND = 2, REPLY_ERROR = 3 };

struct reply {
    uint8_t kind;
    const char *code;   /* REPLY_ERROR */
    uint32_t detail;    /* REPLY_ERROR: e.g. the leader hint of not-leader */
    bool has_detail;
    const uint8_t *value;
    uint32_t value_len;
};

static const char *status_code(int rc)
{
    switch (rc) {
    case RAFT_ERR_LOG_FULL:
        return "busy";
    case RAFT_ERR_TOO_LARGE:
        return "value-too-long";
    default:
        return raft_status_name(rc);
    }
}

/* ---- pending slots ---------------------------------------------------------------- */

/* A forwarding reference: slot in the low 8 bits, a 24-bit generation above.
 * The leader may still hold requests of an earlier incarnation of this node
 * (before a restart), so generations start at a random value. */
#define GENERATION_MASK 0xFFFFFFu

static uint32_t ref_of(const struct raft_server *s, const struct raft_pending *p)
{
    return (uint32_t)(p - s->pending) | (p->generation << 8);
}

static struct raft_pending *by_ref(struct raft_server *s, uint32_t ref)
{
    uint32_t slot = ref & 0xffu;
    if (slot >= RAFT_MAX_PENDING)
        return NULL;
    struct raft_pending *p = &s->pending[slot];
    return p->state != RAFT_PENDING_FREE && p->generation == (ref >> 8) ? p : NULL;
}

static struct raft_pending *alloc_pending(struct raft_server *s)
{
    for (unsigned i = 0; i < RAFT_MAX_PENDING; i++) {
        struct raft_pending *p = &s->pending[i];
        if (p->state == RAFT_PENDING_FREE) {
            uint32_t gen = ++s->generation & GENERATION_MASK;
            memset(p, 0, sizeof *p);
            p->generation = gen;
            return p;
        }
    }
    return NULL;
}

/* ---- replies -------------------------------------------------------------------- */

static size_t encode_reply(const struct reply *r, uint8_t *buf, size_t cap)
{
    struct raft_writer w;
    raft_writer_init(&w, buf, cap);
    raft_write_u8(&w, r->kind);
    if (r->kind == REPLY_VALUE)
        raft_write_bytes(&w, r->value, r->value_len);
    else if (r->kind == REPLY_ERROR)
        raft_write_bytes(&w, r->code, strlen(r->code));
    else
        raft_write_bytes(&w, NULL, 0);
    raft_write_bool(&w, r->has_detail);
    raft_write_varint(&w, r->detail);
    return w.err ? 0 : w.len;
}

/* Decoded error codes are copied here (a reply line must name them). */
struct decoded_reply {
    struct reply r;
    char code[24];
};

static bool decode_reply(const uint8_t *buf, size_t len, struct decoded_reply *out)
{
    struct raft_reader rd;
    raft_reader_init(&rd, buf, len);
    memset(out, 0, sizeof *out);
    out->r.kind = raft_read_u8(&rd);
    const uint8_t *bytes = NULL;
    size_t n = raft_read_bytes_ref(&rd, &bytes, RAFT_KV_MAX_VALUE_LEN);
    out->r.has_detail = raft_read_bool(&rd);
    out->r.detail = (uint32_t)raft_read_varint_max(&rd, UINT32_MAX);
    if (raft_reader_finish(&rd) != RAFT_CODEC_OK || out->r.kind > REPLY_ERROR)
        return false;
    if (out->r.kind == REPLY_ERROR) {
        if (n == 0 || n >= sizeof out->code)
            return false;
        for (size_t i = 0; i < n; i++) /* a code is a word: [a-z-] */
            if (!((bytes[i] >= 'a' && bytes[i] <= 'z') || bytes[i] == '-'))
                return false;
        memcpy(out->code, bytes, n);
        out->r.code = out->code;
    } else {
        out->r.value = bytes;
        out->r.value_len = (uint32_t)n;
    }
    return true;
}

static void answer(struct raft_server *s, struct raft_pending *p, const struct reply *r)
{
    if (p->origin == RAFT_NODE_NONE) {
        uint32_t pre = raft_server_prefix(s);
        size_t len = 0;
        char detail[12];
        switch (r->kind) {
        case REPLY_OK:
            len = raft_control_reply_ok(s->line, sizeof s->line, pre, p->tag);
            break;
        case REPLY_VALUE:
            len = raft_control_reply_value(s->line, sizeof s->line, pre, p->tag, r->value, r->value_len);
            break;
        case REPLY_NOT_FOUND:
            len = raft_control_reply_not_found(s->line, sizeof s->line, pre, p->tag);
            break;
        default: {
            /* decimal detail without printf (freestanding) */
            char tmp[12];
            unsigned n = 0;
            uint32_t v = r->detail;
            do {
                tmp[n++] = (char)('0' + v % 10u);
                v /= 10u;
            } while (v);
            for (unsigned i = 0; i < n; i++)
                detail[i] = tmp[n - 1 - i];
            detail[n] = '\0';
            len = raft_control_reply_error(s->line, sizeof s->line, pre, p->tag, r->code,
                                           r->has_detail ? detail : NULL);
            break;
        }
        }
        raft_server_emit(s, len);
    } else {
        uint8_t buf[RAFT_KV_MAX_VALUE_LEN + 48];
        size_t n = encode_reply(r, buf, sizeof buf);
        struct raft_message m = {.type = RAFT_MSG_CLIENT_REPLY, .from = s->opt.core.id, .to = p->origin,
                                 .term = s->core.term};
        m.u.client.ref = p->origin_ref;
        m.u.client.data = buf;
        m.u.client.len = (uint16_t)n;
        if (n)
            raft_server_send_now(s, &m);
    }
    p->state = RAFT_PENDING_FREE;
}

static void answer_error(struct raft_server *s, struct raft_pending *p, const char *code)
{
    struct reply r = {.kind = REPLY_ERROR, .code = code};
    answer(s, p, &r);
}

static void answer_not_leader(struct raft_server *s, struct raft_pending *p)
{
    raft_node_id_t hint = s->core.leader == s->opt.core.id ? RAFT_NODE_NONE : s->core.leader;
    struct reply r = {.kind = REPLY_ERROR, .code = "not-leader", .detail = hint, .has_detail = true};
    answer(s, p, &r);
}

static void answer_status(struct raft_server *s, struct raft_pending *p, int rc)
{
    if (rc == RAFT_ERR_NOT_LEADER)
        answer_not_leader(s, p);
    else
        answer_error(s, p, status_code(rc));
}

/* ---- forwarding --------------------------------------------------------------------- */

static size_t encode_request(const struct raft_control_request *req, uint8_t *buf, size_t cap)
{
    struct raft_writer w;
    raft_writer_init(&w, buf, cap);
    raft_write_u8(&w, req->verb);
    raft_write_varint(&w, req->client_id);
    raft_write_varint(&w, req->seq);
    raft_write_varint(&w, req->target);
    raft_write_bytes(&w, req->key, req->key_len);
    raft_write_bytes(&w, req->value, req->value_len);
    return w.err ? 0 : w.len;
}

static bool decode_request(const uint8_t *buf, size_t len, struct raft_control_request *req)
{
    struct raft_reader rd;
    raft_reader_init(&rd, buf, len);
    memset(req, 0, sizeof *req);
    req->verb = raft_read_u8(&rd);
    req->client_id = raft_read_varint(&rd);
    req->seq = raft_read_varint(&rd);
    req->target = (uint32_t)raft_read_varint_max(&rd, UINT16_MAX);
    req->key_len = (uint32_t)raft_read_bytes(&rd, req->key, sizeof req->key);
    req->value_len = (uint32_t)raft_read_bytes(&rd, req->value, sizeof req->value);
    return raft_reader_finish(&rd) == RAFT_CODEC_OK &&
           (req->verb == RAFT_CTL_PUT || req->verb == RAFT_CTL_GET || req->verb == RAFT_CTL_DEL ||
            req->verb == RAFT_CTL_TRANSFER || req->verb == RAFT_CTL_ADD || req->verb == RAFT_CTL_PROMOTE ||
            req->verb == RAFT_CTL_REMOVE);
}

static void forward(struct raft_server *s, struct raft_pending *p, const struct raft_control_request *req)
{
    uint8_t buf[RAFT_KV_MAX_KEY_LEN + RAFT_KV_MAX_VALUE_LEN + 48];
    size_t n = encode_request(req, buf, sizeof buf);
    struct raft_message m = {.type = RAFT_MSG_CLIENT_REQUEST, .from = s->opt.core.id, .to = s->core.leader,
                             .term = s->core.term};
    m.u.client.ref = ref_of(s, p);
    m.u.client.data = buf;
    m.u.client.len = (uint16_t)n;
    p->state = RAFT_PENDING_FORWARDED;
    s->stats.forwarded++;
    raft_server_send_now(s, &m);
}

/* ---- requests --------------------------------------------------------------------- */

static void submit(struct raft_server *s, const struct raft_control_request *req, raft_node_id_t origin,
                   uint32_t origin_ref)
{
    s->stats.requests++;
    struct raft_pending *p = alloc_pending(s);
    struct raft_pending overflow;
    if (!p) {
        memset(&overflow, 0, sizeof overflow);
        p = &overflow; /* answered at once, never stored */
    }
    p->verb = req->verb;
    p->origin = origin;
    p->origin_ref = origin_ref;
    memcpy(p->tag, req->tag, sizeof p->tag);
    p->deadline = s->platform.now_ms(s->platform.ctx) + s->opt.request_timeout_ms;
    p->state = RAFT_PENDING_FORWARDED; /* occupied until answered */
    if (p == &overflow) {
        answer_error(s, p, "busy");
        return;
    }
    if (s->core.role != RAFT_LEADER) {
        /* Forward once: a request forwarded to us is not forwarded again. */
        if (origin == RAFT_NODE_NONE && s->core.leader != RAFT_NODE_NONE && s->core.leader != s->opt.core.id)
            forward(s, p, req);
        else
            answer_not_leader(s, p);
        return;
    }
    int rc;
    switch (req->verb) {
    case RAFT_CTL_PUT:
    case RAFT_CTL_DEL: {
        struct raft_kv_command cmd = {.op = req->verb == RAFT_CTL_PUT ? RAFT_KV_PUT : RAFT_KV_DEL,
                                      .client_id = req->client_id, .seq = req->seq, .key = req->key,
                                      .key_len = req->key_len, .value = req->value,
                                      .value_len = req->verb == RAFT_CTL_PUT ? req->value_len : 0};
        uint8_t buf[RAFT_KV_COMMAND_MAX];
        int kv_status = RAFT_KV_OK;
        size_t n = raft_kv_command_encode(&cmd, buf, sizeof buf, &kv_status);
        if (n == 0 || n > RAFT_MAX_ENTRY_SIZE) {
            answer_error(s, p, n ? "value-too-long" : raft_kv_status_name(kv_status));
            return;
        }
        rc = raft_core_propose(&s->core, buf, (uint16_t)n, &p->index, &p->term);
        if (rc) {
            answer_status(s, p, rc);
            return;
        }
        p->state = RAFT_PENDING_PROPOSED;
        return;
    }
    case RAFT_CTL_GET:
        if (req->key_len == 0 || req->key_len > RAFT_KV_MAX_KEY_LEN) {
            answer_error(s, p, req->key_len ? "key-too-long" : "empty-key");
            return;
        }
        p->key_len = (uint8_t)req->key_len;
        memcpy(p->key, req->key, req->key_len);
        p->state = RAFT_PENDING_READ_WAIT;
        rc = raft_core_read_index(&s->core, ref_of(s, p));
        if (rc)
            answer_status(s, p, rc);
        return;
    case RAFT_CTL_TRANSFER:
        rc = raft_core_transfer_leadership(&s->core, (raft_node_id_t)req->target);
        if (rc) {
            answer_status(s, p, rc);
        } else {
            struct reply ok = {.kind = REPLY_OK};
            answer(s, p, &ok);
        }
        return;
    case RAFT_CTL_ADD:
    case RAFT_CTL_PROMOTE:
    case RAFT_CTL_REMOVE: {
        enum raft_membership_change ch = req->verb == RAFT_CTL_ADD       ? RAFT_CHANGE_ADD_LEARNER
                                         : req->verb == RAFT_CTL_PROMOTE ? RAFT_CHANGE_PROMOTE
                                                                         : RAFT_CHANGE_REMOVE;
        rc = raft_core_change_membership(&s->core, ch, (raft_node_id_t)req->target, &p->index, &p->term);
        if (rc)
            answer_status(s, p, rc);
        else
            p->state = RAFT_PENDING_CHANGE;
        return;
    }
    default:
        answer_error(s, p, "bad-request");
        return;
    }
}

void raft_server_handle_line(struct raft_server *s, const char *line, size_t len)
{
    if (s->stopped)
        return;
    struct raft_control_request req;
    struct raft_control_parse_error err;
    char fixed[RAFT_CONTROL_LINE_MAX + 2];
    if (len == 0 || line[len - 1] != '\n') { /* the parser wants the line end */
        if (len + 1 > sizeof fixed) {
            err.code = RAFT_CTL_ERR_LINE_TOO_LONG;
            err.column = (uint32_t)sizeof fixed;
            raft_server_emit(s, raft_control_reply_parse_error(s->line, sizeof s->line, raft_server_prefix(s), "-",
                                                               &err));
            return;
        }
        memcpy(fixed, line, len);
        fixed[len++] = '\n';
        line = fixed;
    }
    if (raft_control_parse(line, len, &req, &err) != RAFT_CTL_OK) {
        raft_server_emit(s, raft_control_reply_parse_error(s->line, sizeof s->line, raft_server_prefix(s), req.tag,
                                                           &err));
        return;
    }
    uint32_t pre = raft_server_prefix(s);
    if (req.has_node && req.node != s->opt.core.id) {
        raft_server_emit(s, raft_control_reply_error(s->line, sizeof s->line, pre, req.tag, "unknown-node", NULL));
        return;
    }
    switch (req.verb) {
    case RAFT_CTL_STATUS: {
        struct raft_control_status st;
        raft_server_status(s, &st);
        raft_server_emit(s, raft_control_reply_status(s->line, sizeof s->line, pre, req.tag, &st));
        return;
    }
    case RAFT_CTL_SNAPSHOT: {
        int rc = raft_server_take_snapshot(s);
        raft_server_emit(s, rc ? raft_control_reply_error(s->line, sizeof s->line, pre, req.tag, "storage", NULL)
                               : raft_control_reply_ok(s->line, sizeof s->line, pre, req.tag));
        return;
    }
    case RAFT_CTL_SHUTDOWN:
        raft_server_emit(s, raft_control_reply_ok(s->line, sizeof s->line, pre, req.tag));
        s->stopped = true;
        return;
    default:
        /* Persisted and sent by the next raft_server_poll, together with
         * every other line handed in before it: one sync, one append. */
        submit(s, &req, RAFT_NODE_NONE, 0);
        return;
    }
}

void raft_servers_dispatch_line(struct raft_server *const *servers, unsigned count, const char *line, size_t len)
{
    uint32_t id = 0;
    size_t i = 1;
    if (count == 0)
        return;
    if (len > 1 && line[0] == '@') {
        while (i < len && i < 7 && line[i] >= '0' && line[i] <= '9')
            id = id * 10u + (uint32_t)(line[i++] - '0');
        for (unsigned k = 0; k < count && i < len && line[i] == ' '; k++) {
            if (servers[k]->opt.core.id == id) {
                raft_server_handle_line(servers[k], line, len);
                return;
            }
        }
    }
    struct raft_server *s = servers[0];
    raft_server_emit(s, raft_control_reply_error(s->line, sizeof s->line, 0, "-", "bad-request",
                                                 id ? "unknown-node" : "missing-node-prefix"));
}

/* ---- events from the ready cycle ----------------------------------------------------- */

static void answer_write(struct raft_server *s, struct raft_pending *p, const struct raft_kv_result *res)
{
    struct reply r = {.kind = REPLY_OK};
    if (res->status == RAFT_KV_NOT_FOUND) {
        r.kind = REPLY_NOT_FOUND; /* del of a missing key */
    } else if (res->status != RAFT_KV_OK) {
        r.kind = REPLY_ERROR;
        r.code = raft_kv_status_name(res->status);
    }
    answer(s, p, &r);
}

void raft_clients_on_apply(struct raft_server *s, raft_index_t index, const struct raft_entry_view *e,
                           const struct raft_kv_result *res)
{
    for (unsigned i = 0; i < RAFT_MAX_PENDING; i++) {
        struct raft_pending *p = &s->pending[i];
        if ((p->state != RAFT_PENDING_PROPOSED && p->state != RAFT_PENDING_CHANGE) || p->index != index)
            continue;
        if (p->term != e->term) {
            answer_error(s, p, "dropped"); /* another entry won this index: ours is gone */
        } else if (p->state == RAFT_PENDING_PROPOSED) {
            answer_write(s, p, res);
        } else {
            struct reply ok = {.kind = REPLY_OK};
            answer(s, p, &ok);
        }
    }
}

void raft_clients_on_read(struct raft_server *s, const struct raft_read_state *r)
{
    struct raft_pending *p = by_ref(s, r->tag);
    if (!p || p->state != RAFT_PENDING_READ_WAIT)
        return;
    if (r->status != RAFT_OK) {
        answer_status(s, p, r->status);
        return;
    }
    p->index = r->index;
    p->state = RAFT_PENDING_READ_READY;
}

void raft_clients_serve_reads(struct raft_server *s)
{
    for (unsigned i = 0; i < RAFT_MAX_PENDING; i++) {
        struct raft_pending *p = &s->pending[i];
        if (p->state != RAFT_PENDING_READ_READY || p->index > s->core.applied)
            continue;
        struct reply r = {.kind = REPLY_NOT_FOUND};
        const uint8_t *value;
        uint32_t value_len;
        if (raft_kv_get(&s->kv, p->key, p->key_len, &value, &value_len) == RAFT_KV_OK) {
            r.kind = REPLY_VALUE;
            r.value = value;
            r.value_len = value_len;
        }
        answer(s, p, &r);
    }
}

void raft_clients_expire(struct raft_server *s, uint32_t now)
{
    for (unsigned i = 0; i < RAFT_MAX_PENDING; i++) {
        struct raft_pending *p = &s->pending[i];
        if (p->state != RAFT_PENDING_FREE && (int32_t)(now - p->deadline) >= 0) {
            s->stats.timeouts++;
            answer_error(s, p, "timeout");
        }
    }
}

void raft_clients_on_snapshot_install(struct raft_server *s, raft_index_t index)
{
    for (unsigned i = 0; i < RAFT_MAX_PENDING; i++) {
        struct raft_pending *p = &s->pending[i];
        if ((p->state == RAFT_PENDING_PROPOSED || p->state == RAFT_PENDING_CHANGE) && p->index <= index)
            answer_error(s, p, "timeout"); /* applied or not: the session dedups a retry */
    }
}

/* Which reply kinds a verb can get (a second guard against a stale reference). */
static bool reply_fits(uint8_t verb, uint8_t kind)
{
    switch (kind) {
    case REPLY_VALUE:
        return verb == RAFT_CTL_GET;
    case REPLY_NOT_FOUND:
        return verb == RAFT_CTL_GET || verb == RAFT_CTL_DEL;
    case REPLY_OK:
        return verb != RAFT_CTL_GET;
    default:
        return true;
    }
}

void raft_clients_on_message(struct raft_server *s, const struct raft_message *m)
{
    if (m->type == RAFT_MSG_CLIENT_REQUEST) {
        struct raft_control_request req;
        if (!decode_request(m->u.client.data, m->u.client.len, &req)) {
            s->stats.bad_frames++;
            return;
        }
        submit(s, &req, m->from, m->u.client.ref);
        return;
    }
    struct raft_pending *p = by_ref(s, m->u.client.ref);
    struct decoded_reply d;
    if (!p || p->state != RAFT_PENDING_FORWARDED || !decode_reply(m->u.client.data, m->u.client.len, &d))
        return; /* late (timed out) or malformed */
    if (!reply_fits(p->verb, d.r.kind)) {
        s->stats.bad_frames++; /* not the answer to this request */
        return;
    }
    answer(s, p, &d.r);
}
