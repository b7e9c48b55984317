/*
 * raft_control.h — the line-oriented control protocol (parse requests,
 * format replies and events). The grammar is specified in
 * runtime/docs/control-protocol.md; in short:
 *
 *   request  := [ "@" node " " ] tag " " verb { " " arg } [ "\r" ] "\n"
 *   reply    := [ "@" node " " ] tag " " ( "ok" | "value " bytes | "not-found"
 *               | "status " fields | "err " code [ " " detail ] ) "\n"
 *   event    := [ "@" node " " ] "event " kind { " " arg } "\n"
 *
 * Keys and values are percent-encoded tokens: bytes 0x21..0x7E except '%'
 * stand for themselves, every other byte is %XX (upper-case hex), and the
 * empty string is the lone token "%". So any byte string round-trips and a
 * token never contains a space.
 *
 * The parser is strict and bounded: it never reads past `len`, never writes
 * past the request struct, and reports the first problem with a code and the
 * 1-based column where it starts.
 */
#ifndef RAFT_CONTROL_H
#define RAFT_CONTROL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "raft/raft_config.h"

#define RAFT_CONTROL_TAG_MAX 16u

enum raft_control_verb {
    RAFT_CTL_PUT = 1,
    RAFT_CTL_GET,
    RAFT_CTL_DEL,
    RAFT_CTL_STATUS,
    RAFT_CTL_TRANSFER,
    RAFT_CTL_ADD,
    RAFT_CTL_PROMOTE,
    RAFT_CTL_REMOVE,
    RAFT_CTL_SNAPSHOT,
    RAFT_CTL_SHUTDOWN
};

/* Why a request line was refused; the name (raft_control_error_name) is the
 * reason token of the "err bad-request" reply. */
enum raft_control_error {
    RAFT_CTL_OK = 0,
    RAFT_CTL_ERR_LINE_TOO_LONG = 1,   /* longer than RAFT_CONTROL_LINE_MAX */
    RAFT_CTL_ERR_EMPTY = 2,           /* nothing but the line end */
    RAFT_CTL_ERR_BAD_CHAR = 3,        /* control byte, non-ASCII, or a second space */
    RAFT_CTL_ERR_BAD_NODE = 4,        /* "@" not followed by a node id 1..2^32-1 */
    RAFT_CTL_ERR_BAD_TAG = 5,         /* tag empty, too long or not [A-Za-z0-9_.-] */
    RAFT_CTL_ERR_UNKNOWN_VERB = 6,
    RAFT_CTL_ERR_MISSING_ARG = 7,
    RAFT_CTL_ERR_EXTRA_ARG = 8,
    RAFT_CTL_ERR_BAD_NUMBER = 9,      /* not decimal digits, or above 2^64-1 */
    RAFT_CTL_ERR_BAD_ENCODING = 10,   /* '%' not followed by two hex digits */
    RAFT_CTL_ERR_KEY_TOO_LONG = 11,
    RAFT_CTL_ERR_VALUE_TOO_LONG = 12,
    RAFT_CTL_ERR_EMPTY_KEY = 13,
    RAFT_CTL_ERR_NO_LINE_END = 14     /* the line does not end with "\n" */
};

const char *raft_control_error_name(int err);

struct raft_control_request {
    bool has_node;  /* "@N" prefix present */
    uint32_t node;  /* the prefix's node id */
    char tag[RAFT_CONTROL_TAG_MAX + 1]; /* NUL-terminated */
    uint8_t verb;   /* enum raft_control_verb */
    uint64_t client_id;  /* put/get/del */
    uint64_t seq;        /* put/get/del */
    uint32_t target;     /* transfer/add/promote/remove: node id */
    uint32_t key_len;
    uint32_t value_len;
    uint8_t key[RAFT_KV_MAX_KEY_LEN];
    uint8_t value[RAFT_KV_MAX_VALUE_LEN];
};

struct raft_control_parse_error {
    int code;        /* enum raft_control_error */
    uint32_t column; /* 1-based byte position where the problem starts */
};

/* Longest percent-encoded token of n bytes. */
#define RAFT_CONTROL_TOKEN_MAX(n) (3u * (n) + 1u)
#define RAFT_CONTROL_NODE_PREFIX_MAX 12u /* "@4294967295 " */
/* Longest request line, "\r\n" included. */
#define RAFT_CONTROL_REQUEST_MAX                                           \
    (RAFT_CONTROL_NODE_PREFIX_MAX + RAFT_CONTROL_TAG_MAX + 1u + 8u + 2u * 21u + \
     RAFT_CONTROL_TOKEN_MAX(RAFT_KV_MAX_KEY_LEN) + 1u +                     \
     RAFT_CONTROL_TOKEN_MAX(RAFT_KV_MAX_VALUE_LEN) + 2u)
/* Longest reply or event line (status lists every node twice at most). */
#define RAFT_CONTROL_STATUS_MAX                                            \
    (RAFT_CONTROL_NODE_PREFIX_MAX + RAFT_CONTROL_TAG_MAX + 200u + 2u * 11u * (RAFT_MAX_NODES))
#define RAFT_CONTROL_LINE_MAX                                              \
    (RAFT_CONTROL_REQUEST_MAX > RAFT_CONTROL_STATUS_MAX ? RAFT_CONTROL_REQUEST_MAX \
                                                         : RAFT_CONTROL_STATUS_MAX)

/* Parse one line of `len` bytes (its "\n" included). Returns RAFT_CTL_OK or
 * the error (also in *err). On error `req->tag` holds the tag when one was
 * read ("-" otherwise), so the reply can still name the request. */
int raft_control_parse(const char *line, size_t len, struct raft_control_request *req,
                       struct raft_control_parse_error *err);

/* Format a request (the inverse of parse; for C clients and tests). Returns
 * the length written (with "\n", NUL-terminated) or 0 when cap is too small. */
size_t raft_control_format_request(const struct raft_control_request *req, char *buf, size_t cap);

/* ---- decimal numbers --------------------------------------------------- */

/* Digits of the largest number, 2^64-1 = 18446744073709551615. */
#define RAFT_CONTROL_U64_DIGITS_MAX 20u
/* Write v in decimal (no sign, no NUL) to out; returns the digit count, or 0
 * when cap is too small. Uses no 64-bit division (none on a Cortex-M4), so
 * firmware can format u64 numbers without libgcc's division routine. */
size_t raft_control_decimal(uint64_t v, char *out, size_t cap);

/* ---- percent-encoding ------------------------------------------------- */

/* Encode n bytes as a token into out (NUL-terminated). Returns the token
 * length or 0 when cap is too small. */
size_t raft_control_encode_token(const uint8_t *data, size_t n, char *out, size_t cap);
/* Decode a token of tok_len chars into out (capacity cap). Returns the byte
 * count, or -RAFT_CTL_ERR_BAD_ENCODING / -RAFT_CTL_ERR_VALUE_TOO_LONG. */
int32_t raft_control_decode_token(const char *tok, size_t tok_len, uint8_t *out, size_t cap);

/* ---- building reply and event lines ----------------------------------- */

/* Appends space-separated words to a caller buffer; overflow is sticky. */
struct raft_line {
    char *buf;
    size_t cap;
    size_t len;
    bool overflow;
};

/* Start a line; node != 0 adds the "@node" prefix of multi-node images. */
void raft_line_begin(struct raft_line *l, char *buf, size_t cap, uint32_t node);
void raft_line_word(struct raft_line *l, const char *word);      /* verbatim */
void raft_line_u64(struct raft_line *l, uint64_t v);
void raft_line_field(struct raft_line *l, const char *name, uint64_t v); /* name=v */
void raft_line_bytes(struct raft_line *l, const uint8_t *data, size_t n); /* percent-encoded */
/* name=<percent-encoded bytes>, e.g. why=... of a fatal event. */
void raft_line_field_bytes(struct raft_line *l, const char *name, const uint8_t *data, size_t n);
/* name=1,2,3 (ascending as given) or name=- when n == 0. */
void raft_line_id_list(struct raft_line *l, const char *name, const uint32_t *ids, size_t n);
/* Append "\n" and a NUL; returns the length without the NUL, 0 on overflow. */
size_t raft_line_end(struct raft_line *l);

/* Common replies, each a whole line. `node` as for raft_line_begin. */
size_t raft_control_reply_ok(char *buf, size_t cap, uint32_t node, const char *tag);
size_t raft_control_reply_value(char *buf, size_t cap, uint32_t node, const char *tag,
                                const uint8_t *value, size_t n);
size_t raft_control_reply_not_found(char *buf, size_t cap, uint32_t node, const char *tag);
/* "<tag> err <code>" plus " <detail>" when detail is not NULL. The codes
 * the server uses, and when, are listed in docs/control-protocol.md ("Error
 * replies"): not-leader (detail: leader id or 0), busy, timeout, dropped,
 * unknown-node, not-caught-up, invalid, storage, bad-request (detail:
 * reason token), and the state machine's status names (stale, full,
 * key-too-long, value-too-long, empty-key, malformed). */
size_t raft_control_reply_error(char *buf, size_t cap, uint32_t node, const char *tag,
                                const char *code, const char *detail);
/* The reply to a line raft_control_parse refused:
 * "<tag> err bad-request <reason> col=<n>". */
size_t raft_control_reply_parse_error(char *buf, size_t cap, uint32_t node, const char *tag,
                                      const struct raft_control_parse_error *err);

enum raft_control_role {
    RAFT_CTL_ROLE_FOLLOWER = 0,
    RAFT_CTL_ROLE_PRE_CANDIDATE,
    RAFT_CTL_ROLE_CANDIDATE,
    RAFT_CTL_ROLE_LEADER,
    RAFT_CTL_ROLE_LEARNER
};
const char *raft_control_role_name(int role);

struct raft_control_status {
    uint32_t id;
    uint8_t role; /* enum raft_control_role */
    uint64_t term;
    uint32_t leader; /* 0 = unknown */
    uint64_t commit;
    uint64_t applied;
    uint64_t last_index;
    uint64_t snapshot_index;
    uint32_t voters[RAFT_MAX_NODES];
    uint32_t voter_count;
    uint32_t learners[RAFT_MAX_NODES];
    uint32_t learner_count;
};

/* "<tag> status id=1 role=leader term=3 leader=1 commit=9 applied=9 last=9
 *  snapshot=0 voters=1,2,3 learners=-" */
size_t raft_control_reply_status(char *buf, size_t cap, uint32_t node, const char *tag,
                                 const struct raft_control_status *st);

/* Events (unsolicited):
 *   event role <role> term=<t>
 *   event leader <id> term=<t>
 *   event snapshot index=<i> term=<t>
 *   event membership voters=<list> learners=<list> */
size_t raft_control_event_role(char *buf, size_t cap, uint32_t node, int role, uint64_t term);
size_t raft_control_event_leader(char *buf, size_t cap, uint32_t node, uint32_t leader, uint64_t term);
size_t raft_control_event_snapshot(char *buf, size_t cap, uint32_t node, uint64_t index, uint64_t term);
size_t raft_control_event_membership(char *buf, size_t cap, uint32_t node,
                                     const uint32_t *voters, size_t voter_count,
                                     const uint32_t *learners, size_t learner_count);

#endif
