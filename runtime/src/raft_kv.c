/* raft_kv.c — key-value state machine: sorted fixed table, sessions, snapshots. */
#include "raft/raft_kv.h"

#include <string.h>

#include "raft/raft_codec.h"
#include "raft/raft_crc32c.h"

_Static_assert(RAFT_KV_MAX_KEYS >= 1 && RAFT_KV_MAX_KEYS <= 65535, "RAFT_KV_MAX_KEYS must be 1..65535");
_Static_assert(RAFT_KV_MAX_KEY_LEN >= 1 && RAFT_KV_MAX_KEY_LEN <= 65535, "RAFT_KV_MAX_KEY_LEN must be 1..65535");
_Static_assert(RAFT_KV_MAX_VALUE_LEN <= 65535, "RAFT_KV_MAX_VALUE_LEN must be <= 65535");
_Static_assert(RAFT_MAX_SESSIONS >= 1, "RAFT_MAX_SESSIONS must be at least 1");
_Static_assert(RAFT_KV_COMMAND_MAX <= RAFT_MAX_ENTRY_SIZE,
               "a key-value command does not fit a log entry: raise RAFT_MAX_ENTRY_SIZE or lower "
               "RAFT_KV_MAX_KEY_LEN / RAFT_KV_MAX_VALUE_LEN");

#define SNAPSHOT_VERSION 1u
#define HEADER_MAX (1u + 3u * RAFT_VARINT_MAX)

enum section { SEC_HEADER, SEC_SESSIONS, SEC_KEYS, SEC_TRAILER, SEC_DONE };

const char *raft_kv_status_name(int status)
{
    switch (status) {
    case RAFT_KV_OK: return "ok";
    case RAFT_KV_NOT_FOUND: return "not-found";
    case RAFT_KV_ERR_FULL: return "full";
    case RAFT_KV_ERR_KEY_TOO_LONG: return "key-too-long";
    case RAFT_KV_ERR_VALUE_TOO_LONG: return "value-too-long";
    case RAFT_KV_ERR_EMPTY_KEY: return "empty-key";
    case RAFT_KV_ERR_STALE: return "stale";
    case RAFT_KV_ERR_MALFORMED: return "malformed";
    default: return "unknown-status";
    }
}

/* ---- commands ---------------------------------------------------------- */

static int check_sizes(uint8_t op, uint32_t key_len, uint32_t value_len)
{
    if (key_len == 0) {
        return RAFT_KV_ERR_EMPTY_KEY;
    }
    if (key_len > RAFT_KV_MAX_KEY_LEN) {
        return RAFT_KV_ERR_KEY_TOO_LONG;
    }
    if (op == RAFT_KV_PUT && value_len > RAFT_KV_MAX_VALUE_LEN) {
        return RAFT_KV_ERR_VALUE_TOO_LONG;
    }
    return RAFT_KV_OK;
}

static bool valid_op(uint8_t op)
{
    return op == RAFT_KV_PUT || op == RAFT_KV_DEL || op == RAFT_KV_GET;
}

size_t raft_kv_command_encode(const struct raft_kv_command *cmd, uint8_t *buf, size_t cap, int *status)
{
    *status = valid_op(cmd->op) ? check_sizes(cmd->op, cmd->key_len, cmd->value_len) : RAFT_KV_ERR_MALFORMED;
    if (*status != RAFT_KV_OK) {
        return 0;
    }
    struct raft_writer w;
    raft_writer_init(&w, buf, cap);
    raft_write_u8(&w, cmd->op);
    raft_write_varint(&w, cmd->client_id);
    raft_write_varint(&w, cmd->seq);
    raft_write_bytes(&w, cmd->key, cmd->key_len);
    if (cmd->op == RAFT_KV_PUT) {
        raft_write_bytes(&w, cmd->value, cmd->value_len);
    }
    if (w.err != RAFT_CODEC_OK) {
        *status = RAFT_KV_ERR_MALFORMED;
        return 0;
    }
    return w.len;
}

int raft_kv_command_decode(const uint8_t *buf, size_t len, struct raft_kv_command *cmd)
{
    memset(cmd, 0, sizeof *cmd);
    struct raft_reader r;
    raft_reader_init(&r, buf, len);
    cmd->op = raft_read_u8(&r);
    cmd->client_id = raft_read_varint(&r);
    cmd->seq = raft_read_varint(&r);
    cmd->key_len = (uint32_t)raft_read_bytes_ref(&r, &cmd->key, UINT32_MAX);
    if (cmd->op == RAFT_KV_PUT) {
        cmd->value_len = (uint32_t)raft_read_bytes_ref(&r, &cmd->value, UINT32_MAX);
    }
    if (raft_reader_finish(&r) != RAFT_CODEC_OK || !valid_op(cmd->op)) {
        return RAFT_KV_ERR_MALFORMED;
    }
    return check_sizes(cmd->op, cmd->key_len, cmd->value_len);
}

/* ---- the table ------------------------------------------------------- */

static int compare_keys(const uint8_t *a, uint32_t alen, const uint8_t *b, uint32_t blen)
{
    uint32_t n = alen < blen ? alen : blen;
    int c = n > 0 ? memcmp(a, b, n) : 0;
    if (c != 0) {
        return c;
    }
    return alen < blen ? -1 : (alen > blen ? 1 : 0);
}

/* Binary search: true when found; *pos is its rank or the insertion rank. */
static bool find_key(const struct raft_kv *kv, const uint8_t *key, uint32_t len, uint32_t *pos)
{
    uint32_t lo = 0, hi = kv->count;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2u;
        const struct raft_kv_slot *s = &kv->slots[kv->order[mid]];
        int c = compare_keys(s->key, s->key_len, key, len);
        if (c == 0) {
            *pos = mid;
            return true;
        }
        if (c < 0) {
            lo = mid + 1u;
        } else {
            hi = mid;
        }
    }
    *pos = lo;
    return false;
}

void raft_kv_init(struct raft_kv *kv)
{
    memset(kv, 0, sizeof *kv);
    /* Free slots as a stack; the slot a key gets never shows in a snapshot. */
    for (uint32_t i = 0; i < RAFT_KV_MAX_KEYS; i++) {
        kv->free_slots[i] = (uint16_t)(RAFT_KV_MAX_KEYS - 1u - i);
    }
    kv->free_count = RAFT_KV_MAX_KEYS;
}

/* Store key → value; the caller checked the sizes. */
static int kv_put(struct raft_kv *kv, const uint8_t *key, uint32_t key_len, const uint8_t *value, uint32_t value_len)
{
    uint32_t pos;
    struct raft_kv_slot *s;
    if (find_key(kv, key, key_len, &pos)) {
        s = &kv->slots[kv->order[pos]];
    } else {
        if (kv->free_count == 0) {
            return RAFT_KV_ERR_FULL;
        }
        uint16_t slot = kv->free_slots[--kv->free_count];
        memmove(&kv->order[pos + 1u], &kv->order[pos], (kv->count - pos) * sizeof kv->order[0]);
        kv->order[pos] = slot;
        kv->count++;
        s = &kv->slots[slot];
        s->key_len = (uint16_t)key_len;
        memcpy(s->key, key, key_len);
    }
    s->value_len = (uint16_t)value_len;
    if (value_len > 0) {
        memcpy(s->value, value, value_len);
    }
    return RAFT_KV_OK;
}

static int kv_del(struct raft_kv *kv, const uint8_t *key, uint32_t key_len)
{
    uint32_t pos;
    if (!find_key(kv, key, key_len, &pos)) {
        return RAFT_KV_NOT_FOUND;
    }
    kv->free_slots[kv->free_count++] = kv->order[pos];
    kv->count--;
    memmove(&kv->order[pos], &kv->order[pos + 1u], (kv->count - pos) * sizeof kv->order[0]);
    return RAFT_KV_OK;
}

int raft_kv_get(const struct raft_kv *kv, const uint8_t *key, size_t key_len,
                const uint8_t **value, uint32_t *value_len)
{
    uint32_t pos;
    *value = NULL;
    *value_len = 0;
    if (key_len > RAFT_KV_MAX_KEY_LEN || !find_key(kv, key, (uint32_t)key_len, &pos)) {
        return RAFT_KV_NOT_FOUND;
    }
    const struct raft_kv_slot *s = &kv->slots[kv->order[pos]];
    *value = s->value;
    *value_len = s->value_len;
    return RAFT_KV_OK;
}

uint32_t raft_kv_count(const struct raft_kv *kv)
{
    return kv->count;
}

void raft_kv_at(const struct raft_kv *kv, uint32_t i, const uint8_t **key, uint32_t *key_len,
                const uint8_t **value, uint32_t *value_len)
{
    const struct raft_kv_slot *s = &kv->slots[kv->order[i]];
    *key = s->key;
    *key_len = s->key_len;
    *value = s->value;
    *value_len = s->value_len;
}

/* ---- sessions -------------------------------------------------------- */

static bool find_session(const struct raft_kv *kv, uint64_t client, uint32_t *pos)
{
    uint32_t lo = 0, hi = kv->session_count;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2u;
        uint64_t id = kv->sessions[mid].client_id;
        if (id == client) {
            *pos = mid;
            return true;
        }
        if (id < client) {
            lo = mid + 1u;
        } else {
            hi = mid;
        }
    }
    *pos = lo;
    return false;
}

static void remove_session(struct raft_kv *kv, uint32_t pos)
{
    kv->session_count--;
    memmove(&kv->sessions[pos], &kv->sessions[pos + 1u], (kv->session_count - pos) * sizeof kv->sessions[0]);
}

/* The session of `client`, created (evicting the least recently used one
 * when the table is full; ties go to the lowest client id) if needed. */
static struct raft_kv_session *open_session(struct raft_kv *kv, uint64_t client)
{
    uint32_t pos;
    if (find_session(kv, client, &pos)) {
        return &kv->sessions[pos];
    }
    if (kv->session_count == RAFT_MAX_SESSIONS) {
        uint32_t oldest = 0;
        for (uint32_t i = 1; i < kv->session_count; i++) {
            if (kv->sessions[i].last_used < kv->sessions[oldest].last_used) {
                oldest = i;
            }
        }
        remove_session(kv, oldest);
        find_session(kv, client, &pos);
    }
    memmove(&kv->sessions[pos + 1u], &kv->sessions[pos], (kv->session_count - pos) * sizeof kv->sessions[0]);
    kv->session_count++;
    struct raft_kv_session *s = &kv->sessions[pos];
    memset(s, 0, sizeof *s);
    s->client_id = client;
    return s;
}

/* ---- apply ----------------------------------------------------------- */

void raft_kv_apply(struct raft_kv *kv, const uint8_t *cmd_bytes, size_t len, struct raft_kv_result *res)
{
    memset(res, 0, sizeof *res);
    kv->applied++;
    struct raft_kv_command cmd;
    int status = raft_kv_command_decode(cmd_bytes, len, &cmd);
    if (status != RAFT_KV_OK) {
        res->status = (uint8_t)status;
        return;
    }
    if (cmd.op == RAFT_KV_GET) {
        res->status = (uint8_t)raft_kv_get(kv, cmd.key, cmd.key_len, &res->value, &res->value_len);
        return;
    }
    struct raft_kv_session *session = NULL;
    if (cmd.client_id != 0) {
        uint32_t pos;
        if (find_session(kv, cmd.client_id, &pos)) {
            struct raft_kv_session *s = &kv->sessions[pos];
            if (cmd.seq == s->last_seq) {
                res->status = s->status;
                res->duplicate = true;
                return;
            }
            if (cmd.seq < s->last_seq) {
                res->status = RAFT_KV_ERR_STALE;
                return;
            }
        }
        session = open_session(kv, cmd.client_id);
    }
    status = cmd.op == RAFT_KV_PUT ? kv_put(kv, cmd.key, cmd.key_len, cmd.value, cmd.value_len)
                                   : kv_del(kv, cmd.key, cmd.key_len);
    res->status = (uint8_t)status;
    if (session != NULL) {
        session->last_seq = cmd.seq;
        session->last_used = kv->applied;
        session->status = (uint8_t)status;
    }
}

/* ---- snapshot: write --------------------------------------------------- */

static uint32_t encode_header(const struct raft_kv *kv, uint8_t *buf, size_t cap)
{
    struct raft_writer w;
    raft_writer_init(&w, buf, cap);
    raft_write_u8(&w, SNAPSHOT_VERSION);
    raft_write_varint(&w, kv->applied);
    raft_write_varint(&w, kv->session_count);
    raft_write_varint(&w, kv->count);
    return (uint32_t)w.len;
}

static uint32_t encode_session(const struct raft_kv_session *s, uint8_t *buf, size_t cap)
{
    struct raft_writer w;
    raft_writer_init(&w, buf, cap);
    raft_write_varint(&w, s->client_id);
    raft_write_varint(&w, s->last_seq);
    raft_write_varint(&w, s->last_used);
    raft_write_u8(&w, s->status);
    return (uint32_t)w.len;
}

static uint32_t encode_key(const struct raft_kv_slot *s, uint8_t *buf, size_t cap)
{
    struct raft_writer w;
    raft_writer_init(&w, buf, cap);
    raft_write_bytes(&w, s->key, s->key_len);
    raft_write_bytes(&w, s->value, s->value_len);
    return (uint32_t)w.len;
}

uint32_t raft_kv_snapshot_size(const struct raft_kv *kv)
{
    uint8_t buf[HEADER_MAX > RAFT_KV_SESSION_RECORD_MAX ? HEADER_MAX : RAFT_KV_SESSION_RECORD_MAX];
    uint32_t size = encode_header(kv, buf, sizeof buf) + 4u;
    for (uint32_t i = 0; i < kv->session_count; i++) {
        size += encode_session(&kv->sessions[i], buf, sizeof buf);
    }
    for (uint32_t i = 0; i < kv->count; i++) {
        const struct raft_kv_slot *s = &kv->slots[kv->order[i]];
        size += (uint32_t)(raft_varint_size(s->key_len) + s->key_len + raft_varint_size(s->value_len) + s->value_len);
    }
    return size;
}

/* Encode the item at (section, item), moving on past empty sections. */
static void prepare_item(const struct raft_kv *kv, struct raft_kv_snapshot_cursor *c)
{
    c->item_pos = 0;
    c->item_len = 0;
    for (;;) {
        switch (c->section) {
        case SEC_HEADER:
            c->item_len = encode_header(kv, c->item_buf, sizeof c->item_buf);
            return;
        case SEC_SESSIONS:
            if (c->item < kv->session_count) {
                c->item_len = encode_session(&kv->sessions[c->item], c->item_buf, sizeof c->item_buf);
                return;
            }
            break;
        case SEC_KEYS:
            if (c->item < kv->count) {
                c->item_len = encode_key(&kv->slots[kv->order[c->item]], c->item_buf, sizeof c->item_buf);
                return;
            }
            break;
        case SEC_TRAILER:
            for (int i = 0; i < 4; i++) {
                c->item_buf[i] = (uint8_t)(c->crc >> (8 * i));
            }
            c->item_len = 4;
            return;
        default:
            return;
        }
        c->section++;
        c->item = 0;
    }
}

void raft_kv_snapshot_start(const struct raft_kv *kv, struct raft_kv_snapshot_cursor *c)
{
    memset(c, 0, sizeof *c);
    c->section = SEC_HEADER;
    prepare_item(kv, c);
}

size_t raft_kv_snapshot_next(const struct raft_kv *kv, struct raft_kv_snapshot_cursor *c, uint8_t *buf, size_t cap)
{
    size_t out = 0;
    while (out < cap && c->section != SEC_DONE) {
        uint32_t n = c->item_len - c->item_pos;
        if (n > cap - out) {
            n = (uint32_t)(cap - out);
        }
        memcpy(buf + out, c->item_buf + c->item_pos, n);
        if (c->section != SEC_TRAILER) {
            c->crc = raft_crc32c_update(c->crc, c->item_buf + c->item_pos, n);
        }
        c->item_pos += n;
        out += n;
        if (c->item_pos == c->item_len) {
            if (c->section == SEC_HEADER || c->section == SEC_TRAILER) {
                c->section++;
                c->item = 0;
            } else {
                c->item++;
            }
            prepare_item(kv, c);
        }
    }
    return out;
}

/* ---- snapshot: restore -------------------------------------------------- */

void raft_kv_restore_begin(struct raft_kv_restore *r, struct raft_kv *kv)
{
    memset(r, 0, sizeof *r);
    r->kv = kv;
    r->section = SEC_HEADER;
    r->status = RAFT_KV_OK;
    if (kv != NULL) {
        raft_kv_init(kv);
    }
}

static void restore_fail(struct raft_kv_restore *r)
{
    r->status = RAFT_KV_ERR_MALFORMED;
    if (r->kv != NULL) {
        raft_kv_init(r->kv);
    }
}

/* Next section after the current one is complete. */
static void restore_next_section(struct raft_kv_restore *r)
{
    r->item = 0;
    r->section++;
    if (r->section == SEC_SESSIONS && r->session_total == 0) {
        r->section++;
    }
    if (r->section == SEC_KEYS && r->key_total == 0) {
        r->section++;
    }
}

/* Parse one item from the reader and apply it. RAFT_CODEC_ERR_TRUNCATED
 * means "not all bytes yet"; any other failure is a malformed stream. */
static int restore_item(struct raft_kv_restore *r, struct raft_reader *rd)
{
    switch (r->section) {
    case SEC_HEADER: {
        uint8_t version = raft_read_u8(rd);
        uint64_t applied = raft_read_varint(rd);
        uint64_t sessions = raft_read_varint_max(rd, RAFT_MAX_SESSIONS);
        uint64_t keys = raft_read_varint_max(rd, RAFT_KV_MAX_KEYS);
        if (rd->err != RAFT_CODEC_OK) {
            return rd->err;
        }
        if (version != SNAPSHOT_VERSION) {
            return RAFT_CODEC_ERR_BAD_VERSION;
        }
        r->applied = applied;
        r->session_total = (uint32_t)sessions;
        r->key_total = (uint32_t)keys;
        if (r->kv != NULL) {
            r->kv->applied = applied;
        }
        restore_next_section(r);
        return RAFT_CODEC_OK;
    }
    case SEC_SESSIONS: {
        struct raft_kv_session s;
        s.client_id = raft_read_varint(rd);
        s.last_seq = raft_read_varint(rd);
        s.last_used = raft_read_varint(rd);
        s.status = raft_read_u8(rd);
        if (rd->err != RAFT_CODEC_OK) {
            return rd->err;
        }
        if (s.client_id == 0 || (r->item > 0 && s.client_id <= r->prev_client) ||
            s.status > RAFT_KV_ERR_MALFORMED || s.last_used > r->applied) {
            return RAFT_CODEC_ERR_RANGE;
        }
        r->prev_client = s.client_id;
        if (r->kv != NULL) {
            r->kv->sessions[r->kv->session_count++] = s;
        }
        if (++r->item == r->session_total) {
            restore_next_section(r);
        }
        return RAFT_CODEC_OK;
    }
    case SEC_KEYS: {
        const uint8_t *key, *value;
        size_t key_len = raft_read_bytes_ref(rd, &key, RAFT_KV_MAX_KEY_LEN);
        size_t value_len = raft_read_bytes_ref(rd, &value, RAFT_KV_MAX_VALUE_LEN);
        if (rd->err != RAFT_CODEC_OK) {
            return rd->err;
        }
        if (key_len == 0 ||
            (r->item > 0 && compare_keys(r->prev_key, r->prev_key_len, key, (uint32_t)key_len) >= 0)) {
            return RAFT_CODEC_ERR_RANGE;
        }
        memcpy(r->prev_key, key, key_len);
        r->prev_key_len = (uint32_t)key_len;
        if (r->kv != NULL) {
            /* Keys arrive in order: append at the end of the order. */
            kv_put(r->kv, key, (uint32_t)key_len, value, (uint32_t)value_len);
        }
        if (++r->item == r->key_total) {
            restore_next_section(r);
        }
        return RAFT_CODEC_OK;
    }
    case SEC_TRAILER: {
        uint32_t crc = raft_read_u32le(rd);
        if (rd->err != RAFT_CODEC_OK) {
            return rd->err;
        }
        if (crc != r->crc) {
            return RAFT_CODEC_ERR_CRC;
        }
        r->section = SEC_DONE;
        return RAFT_CODEC_OK;
    }
    default:
        return RAFT_CODEC_ERR_TRAILING; /* bytes after the trailer */
    }
}

int raft_kv_restore_feed(struct raft_kv_restore *r, const void *data, size_t len)
{
    const uint8_t *in = data;
    while (r->status == RAFT_KV_OK && (len > 0 || r->carry_len > 0)) {
        size_t take = sizeof r->carry - r->carry_len;
        if (take > len) {
            take = len;
        }
        memcpy(r->carry + r->carry_len, in, take);
        r->carry_len += (uint32_t)take;
        in += take;
        len -= take;

        struct raft_reader rd;
        raft_reader_init(&rd, r->carry, r->carry_len);
        uint32_t section = r->section;
        int err = restore_item(r, &rd);
        if (err == RAFT_CODEC_ERR_TRUNCATED && r->carry_len < sizeof r->carry && r->section != SEC_DONE) {
            return RAFT_KV_OK; /* wait for the next chunk (len is 0 here) */
        }
        if (err != RAFT_CODEC_OK) {
            restore_fail(r);
            break;
        }
        if (section != SEC_TRAILER) {
            r->crc = raft_crc32c_update(r->crc, r->carry, rd.pos);
        }
        r->carry_len -= (uint32_t)rd.pos;
        memmove(r->carry, r->carry + rd.pos, r->carry_len);
    }
    return r->status;
}

int raft_kv_restore_finish(struct raft_kv_restore *r)
{
    if (r->status == RAFT_KV_OK && (r->section != SEC_DONE || r->carry_len != 0)) {
        restore_fail(r);
    }
    return r->status;
}
