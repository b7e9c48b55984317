/* raft_control.c — control protocol: strict request parser, reply/event lines. */
#include "raft/raft_control.h"

#include <string.h>

#define MAX_TOKENS 8u

const char *raft_control_error_name(int err)
{
    switch (err) {
    case RAFT_CTL_OK: return "ok";
    case RAFT_CTL_ERR_LINE_TOO_LONG: return "line-too-long";
    case RAFT_CTL_ERR_EMPTY: return "empty-line";
    case RAFT_CTL_ERR_BAD_CHAR: return "bad-character";
    case RAFT_CTL_ERR_BAD_NODE: return "bad-node";
    case RAFT_CTL_ERR_BAD_TAG: return "bad-tag";
    case RAFT_CTL_ERR_UNKNOWN_VERB: return "unknown-verb";
    case RAFT_CTL_ERR_MISSING_ARG: return "missing-argument";
    case RAFT_CTL_ERR_EXTRA_ARG: return "extra-argument";
    case RAFT_CTL_ERR_BAD_NUMBER: return "bad-number";
    case RAFT_CTL_ERR_BAD_ENCODING: return "bad-encoding";
    case RAFT_CTL_ERR_KEY_TOO_LONG: return "key-too-long";
    case RAFT_CTL_ERR_VALUE_TOO_LONG: return "value-too-long";
    case RAFT_CTL_ERR_EMPTY_KEY: return "empty-key";
    case RAFT_CTL_ERR_NO_LINE_END: return "no-line-end";
    default: return "unknown-error";
    }
}

const char *raft_control_role_name(int role)
{
    switch (role) {
    case RAFT_CTL_ROLE_FOLLOWER: return "follower";
    case RAFT_CTL_ROLE_PRE_CANDIDATE: return "pre-candidate";
    case RAFT_CTL_ROLE_CANDIDATE: return "candidate";
    case RAFT_CTL_ROLE_LEADER: return "leader";
    case RAFT_CTL_ROLE_LEARNER: return "learner";
    default: return "unknown";
    }
}

/* ---- verbs -------------------------------------------------------------- */

enum arg_kind { ARG_NONE, ARG_SESSION_KEY, ARG_SESSION_KEY_VALUE, ARG_NODE };

static const struct verb_info {
    const char *name;
    uint8_t verb;
    uint8_t args;
} verbs[] = {
    {"put", RAFT_CTL_PUT, ARG_SESSION_KEY_VALUE},
    {"get", RAFT_CTL_GET, ARG_SESSION_KEY},
    {"del", RAFT_CTL_DEL, ARG_SESSION_KEY},
    {"status", RAFT_CTL_STATUS, ARG_NONE},
    {"transfer", RAFT_CTL_TRANSFER, ARG_NODE},
    {"add", RAFT_CTL_ADD, ARG_NODE},
    {"promote", RAFT_CTL_PROMOTE, ARG_NODE},
    {"remove", RAFT_CTL_REMOVE, ARG_NODE},
    {"snapshot", RAFT_CTL_SNAPSHOT, ARG_NONE},
    {"shutdown", RAFT_CTL_SHUTDOWN, ARG_NONE},
};

static const struct verb_info *verb_by_code(uint8_t verb)
{
    for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++) {
        if (verbs[i].verb == verb) {
            return &verbs[i];
        }
    }
    return NULL;
}

static uint32_t arg_count(uint8_t args)
{
    switch (args) {
    case ARG_SESSION_KEY: return 3;
    case ARG_SESSION_KEY_VALUE: return 4;
    case ARG_NODE: return 1;
    default: return 0;
    }
}

/* ---- percent-encoding --------------------------------------------------- */

static bool plain_byte(uint8_t b)
{
    return b >= 0x21 && b <= 0x7E && b != '%';
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    return -1;
}

size_t raft_control_encode_token(const uint8_t *data, size_t n, char *out, size_t cap)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t len = 0;
    if (n == 0) {
        if (cap < 2) {
            return 0;
        }
        out[0] = '%';
        out[1] = '\0';
        return 1;
    }
    for (size_t i = 0; i < n; i++) {
        size_t need = plain_byte(data[i]) ? 1u : 3u;
        if (cap - len < need + 1u) {
            return 0;
        }
        if (need == 1) {
            out[len++] = (char)data[i];
        } else {
            out[len++] = '%';
            out[len++] = hex[data[i] >> 4];
            out[len++] = hex[data[i] & 0x0Fu];
        }
    }
    out[len] = '\0';
    return len;
}

int32_t raft_control_decode_token(const char *tok, size_t tok_len, uint8_t *out, size_t cap)
{
    if (tok_len == 1 && tok[0] == '%') {
        return 0; /* the empty string */
    }
    size_t n = 0;
    for (size_t i = 0; i < tok_len; i++) {
        uint8_t b;
        if (tok[i] == '%') {
            if (tok_len - i < 3 || hex_value(tok[i + 1]) < 0 || hex_value(tok[i + 2]) < 0) {
                return -RAFT_CTL_ERR_BAD_ENCODING;
            }
            b = (uint8_t)(hex_value(tok[i + 1]) << 4 | hex_value(tok[i + 2]));
            i += 2;
        } else if (plain_byte((uint8_t)tok[i])) {
            b = (uint8_t)tok[i];
        } else {
            return -RAFT_CTL_ERR_BAD_ENCODING;
        }
        if (n == cap) {
            return -RAFT_CTL_ERR_VALUE_TOO_LONG;
        }
        out[n++] = b;
    }
    return (int32_t)n;
}

/* ---- parsing ------------------------------------------------------------ */

struct token {
    const char *p;
    uint32_t len;
    uint32_t column; /* 1-based */
};

/* Decimal digits only, at most 2^64-1. The overflow test compares with a
 * constant instead of dividing: a Cortex-M4 has no 64-bit divide, and
 * libgcc's would cost 0.7 KB of flash. */
static int parse_u64(const struct token *t, uint64_t *out)
{
    if (t->len == 0 || t->len > RAFT_CONTROL_U64_DIGITS_MAX) {
        return RAFT_CTL_ERR_BAD_NUMBER;
    }
    uint64_t v = 0;
    for (uint32_t i = 0; i < t->len; i++) {
        char c = t->p[i];
        if (c < '0' || c > '9') {
            return RAFT_CTL_ERR_BAD_NUMBER;
        }
        uint64_t d = (uint64_t)(c - '0');
        if (v > UINT64_MAX / 10u || v * 10u > UINT64_MAX - d) {
            return RAFT_CTL_ERR_BAD_NUMBER;
        }
        v = v * 10u + d;
    }
    *out = v;
    return RAFT_CTL_OK;
}

static int parse_node_id(const struct token *t, uint32_t *out)
{
    uint64_t v;
    if (parse_u64(t, &v) != RAFT_CTL_OK || v == 0 || v > UINT32_MAX) {
        return RAFT_CTL_ERR_BAD_NODE;
    }
    *out = (uint32_t)v;
    return RAFT_CTL_OK;
}

static bool tag_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
           c == '-';
}

static int set_error(struct raft_control_parse_error *err, int code, uint32_t column)
{
    err->code = code;
    err->column = column;
    return code;
}

int raft_control_parse(const char *line, size_t len, struct raft_control_request *req,
                       struct raft_control_parse_error *err)
{
    memset(req, 0, sizeof *req);
    req->tag[0] = '-';
    set_error(err, RAFT_CTL_OK, 0);
    if (len > RAFT_CONTROL_LINE_MAX) {
        return set_error(err, RAFT_CTL_ERR_LINE_TOO_LONG, RAFT_CONTROL_LINE_MAX + 1u);
    }
    if (len == 0 || line[len - 1] != '\n') {
        return set_error(err, RAFT_CTL_ERR_NO_LINE_END, (uint32_t)len + 1u);
    }
    size_t end = len - 1;
    if (end > 0 && line[end - 1] == '\r') {
        end--;
    }
    if (end == 0) {
        return set_error(err, RAFT_CTL_ERR_EMPTY, 1);
    }

    /* Split on single spaces; anything but printable ASCII is refused. */
    struct token tokens[MAX_TOKENS];
    uint32_t count = 0;
    size_t start = 0;
    for (size_t i = 0; i <= end; i++) {
        if (i < end && line[i] != ' ') {
            uint8_t c = (uint8_t)line[i];
            if (c < 0x21 || c > 0x7E) {
                return set_error(err, RAFT_CTL_ERR_BAD_CHAR, (uint32_t)i + 1u);
            }
            continue;
        }
        if (i == start) { /* empty token: leading, doubled or trailing space */
            return set_error(err, RAFT_CTL_ERR_BAD_CHAR, (uint32_t)i + (i == end ? 0u : 1u));
        }
        if (count == MAX_TOKENS) {
            return set_error(err, RAFT_CTL_ERR_EXTRA_ARG, (uint32_t)start + 1u);
        }
        tokens[count].p = line + start;
        tokens[count].len = (uint32_t)(i - start);
        tokens[count].column = (uint32_t)start + 1u;
        count++;
        start = i + 1;
    }

    uint32_t t = 0;
    if (tokens[0].p[0] == '@') {
        struct token id = {tokens[0].p + 1, tokens[0].len - 1u, tokens[0].column + 1u};
        if (parse_node_id(&id, &req->node) != RAFT_CTL_OK) {
            return set_error(err, RAFT_CTL_ERR_BAD_NODE, tokens[0].column);
        }
        req->has_node = true;
        t++;
    }
    if (t == count) {
        return set_error(err, RAFT_CTL_ERR_MISSING_ARG, (uint32_t)end + 1u);
    }
    const struct token *tag = &tokens[t++];
    bool tag_ok = tag->len <= RAFT_CONTROL_TAG_MAX;
    for (uint32_t i = 0; tag_ok && i < tag->len; i++) {
        tag_ok = tag_char(tag->p[i]);
    }
    if (!tag_ok) {
        return set_error(err, RAFT_CTL_ERR_BAD_TAG, tag->column);
    }
    memcpy(req->tag, tag->p, tag->len);
    req->tag[tag->len] = '\0';

    if (t == count) {
        return set_error(err, RAFT_CTL_ERR_MISSING_ARG, (uint32_t)end + 1u);
    }
    const struct token *verb_tok = &tokens[t++];
    const struct verb_info *info = NULL;
    for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++) {
        if (strlen(verbs[i].name) == verb_tok->len && memcmp(verbs[i].name, verb_tok->p, verb_tok->len) == 0) {
            info = &verbs[i];
        }
    }
    if (info == NULL) {
        return set_error(err, RAFT_CTL_ERR_UNKNOWN_VERB, verb_tok->column);
    }
    req->verb = info->verb;
    uint32_t want = arg_count(info->args);
    if (count - t < want) {
        return set_error(err, RAFT_CTL_ERR_MISSING_ARG, (uint32_t)end + 1u);
    }
    if (count - t > want) {
        return set_error(err, RAFT_CTL_ERR_EXTRA_ARG, tokens[t + want].column);
    }

    if (info->args == ARG_NODE) {
        if (parse_node_id(&tokens[t], &req->target) != RAFT_CTL_OK) {
            return set_error(err, RAFT_CTL_ERR_BAD_NODE, tokens[t].column);
        }
        return RAFT_CTL_OK;
    }
    if (info->args == ARG_NONE) {
        return RAFT_CTL_OK;
    }
    if (parse_u64(&tokens[t], &req->client_id) != RAFT_CTL_OK) {
        return set_error(err, RAFT_CTL_ERR_BAD_NUMBER, tokens[t].column);
    }
    if (parse_u64(&tokens[t + 1], &req->seq) != RAFT_CTL_OK) {
        return set_error(err, RAFT_CTL_ERR_BAD_NUMBER, tokens[t + 1].column);
    }
    const struct token *key = &tokens[t + 2];
    int32_t n = raft_control_decode_token(key->p, key->len, req->key, sizeof req->key);
    if (n < 0) {
        return set_error(err, n == -RAFT_CTL_ERR_VALUE_TOO_LONG ? RAFT_CTL_ERR_KEY_TOO_LONG : -n, key->column);
    }
    if (n == 0) {
        return set_error(err, RAFT_CTL_ERR_EMPTY_KEY, key->column);
    }
    req->key_len = (uint32_t)n;
    if (info->args == ARG_SESSION_KEY_VALUE) {
        const struct token *value = &tokens[t + 3];
        n = raft_control_decode_token(value->p, value->len, req->value, sizeof req->value);
        if (n < 0) {
            return set_error(err, -n, value->column);
        }
        req->value_len = (uint32_t)n;
    }
    return RAFT_CTL_OK;
}

/* ---- decimal numbers ----------------------------------------------------- */

/* v /= 10, returning the remainder, in 32-bit steps: the high word, then the
 * two 16-bit halves of the low word, each with the remainder carried in
 * (r * 2^16 + half < 10 * 2^16 fits 32 bits). A Cortex-M4 divides 32-bit
 * words in hardware; a 64-bit division would link libgcc's 0.7 KB routine. */
static uint32_t u64_divmod10(uint64_t *v)
{
    uint32_t hi = (uint32_t)(*v >> 32);
    uint32_t lo = (uint32_t)*v;
    uint32_t q_hi = hi / 10u;
    uint32_t part = (hi % 10u) << 16 | lo >> 16;
    uint32_t q_mid = part / 10u;
    part = (part % 10u) << 16 | (lo & 0xFFFFu);
    uint32_t q_lo = part / 10u;
    *v = (uint64_t)q_hi << 32 | q_mid << 16 | q_lo;
    return part % 10u;
}

size_t raft_control_decimal(uint64_t v, char *out, size_t cap)
{
    char digits[RAFT_CONTROL_U64_DIGITS_MAX];
    size_t n = 0;
    do {
        digits[sizeof digits - 1 - n++] = (char)('0' + u64_divmod10(&v));
    } while (v != 0);
    if (n > cap) {
        return 0;
    }
    memcpy(out, digits + sizeof digits - n, n);
    return n;
}

/* ---- line building ------------------------------------------------------- */

static void line_append(struct raft_line *l, const char *s, size_t n)
{
    if (l->overflow || n > l->cap - l->len) {
        l->overflow = true;
        return;
    }
    memcpy(l->buf + l->len, s, n);
    l->len += n;
}

static void line_separator(struct raft_line *l)
{
    if (l->len > 0) {
        line_append(l, " ", 1);
    }
}

static void line_decimal(struct raft_line *l, uint64_t v)
{
    char digits[RAFT_CONTROL_U64_DIGITS_MAX];
    line_append(l, digits, raft_control_decimal(v, digits, sizeof digits));
}

void raft_line_begin(struct raft_line *l, char *buf, size_t cap, uint32_t node)
{
    l->buf = buf;
    l->cap = cap;
    l->len = 0;
    l->overflow = cap == 0;
    if (node != 0) {
        line_append(l, "@", 1);
        line_decimal(l, node);
    }
}

void raft_line_word(struct raft_line *l, const char *word)
{
    line_separator(l);
    line_append(l, word, strlen(word));
}

void raft_line_u64(struct raft_line *l, uint64_t v)
{
    line_separator(l);
    line_decimal(l, v);
}

void raft_line_field(struct raft_line *l, const char *name, uint64_t v)
{
    line_separator(l);
    line_append(l, name, strlen(name));
    line_append(l, "=", 1);
    line_decimal(l, v);
}

/* name=text */
static void line_field_text(struct raft_line *l, const char *name, const char *text)
{
    line_separator(l);
    line_append(l, name, strlen(name));
    line_append(l, "=", 1);
    line_append(l, text, strlen(text));
}

static void line_token(struct raft_line *l, const uint8_t *data, size_t n)
{
    if (l->overflow) {
        return;
    }
    size_t room = l->cap - l->len;
    size_t written = raft_control_encode_token(data, n, l->buf + l->len, room);
    if (written == 0) {
        l->overflow = true;
        return;
    }
    l->len += written;
}

void raft_line_bytes(struct raft_line *l, const uint8_t *data, size_t n)
{
    line_separator(l);
    line_token(l, data, n);
}

void raft_line_field_bytes(struct raft_line *l, const char *name, const uint8_t *data, size_t n)
{
    line_separator(l);
    line_append(l, name, strlen(name));
    line_append(l, "=", 1);
    line_token(l, data, n);
}

void raft_line_id_list(struct raft_line *l, const char *name, const uint32_t *ids, size_t n)
{
    line_separator(l);
    line_append(l, name, strlen(name));
    line_append(l, "=", 1);
    if (n == 0) {
        line_append(l, "-", 1);
    }
    for (size_t i = 0; i < n; i++) {
        if (i > 0) {
            line_append(l, ",", 1);
        }
        line_decimal(l, ids[i]);
    }
}

size_t raft_line_end(struct raft_line *l)
{
    line_append(l, "\n", 1);
    if (l->overflow || l->len == l->cap) {
        l->overflow = true;
        if (l->cap > 0) {
            l->buf[0] = '\0';
        }
        return 0;
    }
    l->buf[l->len] = '\0';
    return l->len;
}

/* ---- requests (for C clients and tests) ---------------------------------- */

size_t raft_control_format_request(const struct raft_control_request *req, char *buf, size_t cap)
{
    const struct verb_info *info = verb_by_code(req->verb);
    if (info == NULL) {
        return 0;
    }
    struct raft_line l;
    raft_line_begin(&l, buf, cap, req->has_node ? req->node : 0);
    raft_line_word(&l, req->tag);
    raft_line_word(&l, info->name);
    switch (info->args) {
    case ARG_NODE:
        raft_line_u64(&l, req->target);
        break;
    case ARG_SESSION_KEY:
    case ARG_SESSION_KEY_VALUE:
        raft_line_u64(&l, req->client_id);
        raft_line_u64(&l, req->seq);
        raft_line_bytes(&l, req->key, req->key_len);
        if (info->args == ARG_SESSION_KEY_VALUE) {
            raft_line_bytes(&l, req->value, req->value_len);
        }
        break;
    default:
        break;
    }
    return raft_line_end(&l);
}

/* ---- replies and events --------------------------------------------------- */

static void reply_start(struct raft_line *l, char *buf, size_t cap, uint32_t node, const char *tag)
{
    raft_line_begin(l, buf, cap, node);
    raft_line_word(l, tag != NULL && tag[0] != '\0' ? tag : "-");
}

size_t raft_control_reply_ok(char *buf, size_t cap, uint32_t node, const char *tag)
{
    struct raft_line l;
    reply_start(&l, buf, cap, node, tag);
    raft_line_word(&l, "ok");
    return raft_line_end(&l);
}

size_t raft_control_reply_value(char *buf, size_t cap, uint32_t node, const char *tag, const uint8_t *value, size_t n)
{
    struct raft_line l;
    reply_start(&l, buf, cap, node, tag);
    raft_line_word(&l, "value");
    raft_line_bytes(&l, value, n);
    return raft_line_end(&l);
}

size_t raft_control_reply_not_found(char *buf, size_t cap, uint32_t node, const char *tag)
{
    struct raft_line l;
    reply_start(&l, buf, cap, node, tag);
    raft_line_word(&l, "not-found");
    return raft_line_end(&l);
}

size_t raft_control_reply_error(char *buf, size_t cap, uint32_t node, const char *tag, const char *code,
                                const char *detail)
{
    struct raft_line l;
    reply_start(&l, buf, cap, node, tag);
    raft_line_word(&l, "err");
    raft_line_word(&l, code);
    if (detail != NULL) {
        raft_line_word(&l, detail);
    }
    return raft_line_end(&l);
}

size_t raft_control_reply_parse_error(char *buf, size_t cap, uint32_t node, const char *tag,
                                      const struct raft_control_parse_error *err)
{
    struct raft_line l;
    reply_start(&l, buf, cap, node, tag);
    raft_line_word(&l, "err");
    raft_line_word(&l, "bad-request");
    raft_line_word(&l, raft_control_error_name(err->code));
    raft_line_field(&l, "col", err->column);
    return raft_line_end(&l);
}

size_t raft_control_reply_status(char *buf, size_t cap, uint32_t node, const char *tag,
                                 const struct raft_control_status *st)
{
    struct raft_line l;
    reply_start(&l, buf, cap, node, tag);
    raft_line_word(&l, "status");
    raft_line_field(&l, "id", st->id);
    line_field_text(&l, "role", raft_control_role_name(st->role));
    raft_line_field(&l, "term", st->term);
    raft_line_field(&l, "leader", st->leader);
    raft_line_field(&l, "commit", st->commit);
    raft_line_field(&l, "applied", st->applied);
    raft_line_field(&l, "last", st->last_index);
    raft_line_field(&l, "snapshot", st->snapshot_index);
    uint32_t voters = st->voter_count <= RAFT_MAX_NODES ? st->voter_count : RAFT_MAX_NODES;
    uint32_t learners = st->learner_count <= RAFT_MAX_NODES ? st->learner_count : RAFT_MAX_NODES;
    raft_line_id_list(&l, "voters", st->voters, voters);
    raft_line_id_list(&l, "learners", st->learners, learners);
    return raft_line_end(&l);
}

static void event_start(struct raft_line *l, char *buf, size_t cap, uint32_t node, const char *kind)
{
    raft_line_begin(l, buf, cap, node);
    raft_line_word(l, "event");
    raft_line_word(l, kind);
}

size_t raft_control_event_role(char *buf, size_t cap, uint32_t node, int role, uint64_t term)
{
    struct raft_line l;
    event_start(&l, buf, cap, node, "role");
    raft_line_word(&l, raft_control_role_name(role));
    raft_line_field(&l, "term", term);
    return raft_line_end(&l);
}

size_t raft_control_event_leader(char *buf, size_t cap, uint32_t node, uint32_t leader, uint64_t term)
{
    struct raft_line l;
    event_start(&l, buf, cap, node, "leader");
    raft_line_u64(&l, leader);
    raft_line_field(&l, "term", term);
    return raft_line_end(&l);
}

size_t raft_control_event_snapshot(char *buf, size_t cap, uint32_t node, uint64_t index, uint64_t term)
{
    struct raft_line l;
    event_start(&l, buf, cap, node, "snapshot");
    raft_line_field(&l, "index", index);
    raft_line_field(&l, "term", term);
    return raft_line_end(&l);
}

size_t raft_control_event_membership(char *buf, size_t cap, uint32_t node, const uint32_t *voters,
                                     size_t voter_count, const uint32_t *learners, size_t learner_count)
{
    struct raft_line l;
    event_start(&l, buf, cap, node, "membership");
    raft_line_id_list(&l, "voters", voters, voter_count);
    raft_line_id_list(&l, "learners", learners, learner_count);
    return raft_line_end(&l);
}
