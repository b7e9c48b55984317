/*
 * lincheck.h — linearizability checker for key-value histories (host only).
 *
 * A history is a list of operations, each with the client that issued it,
 * its invocation and response times, and its outcome. An operation that never
 * returned (timeout, crash) is "pending": it may or may not have taken
 * effect, so it is given a response time of +infinity; a pending get has no
 * observed value. Operations that failed definitely (e.g. not-leader, which
 * the server rejects before the log) must not be recorded.
 *
 * The check is Wing & Gong's search with Lowe's memoization (a cache of
 * (set of linearized operations, state) already explored), run separately per
 * key: a key-value store is linearizable iff every key's sub-history is
 * (P-compositionality, Horn & Kroening). Two operations are concurrent unless
 * one's response time is strictly before the other's invocation.
 *
 * Text format (read by lincheck_parse_line and the `lincheck` tool), one
 * operation per line, fields separated by single spaces:
 *
 *     CLIENT INVOKE RESPONSE put KEY VALUE
 *     CLIENT INVOKE RESPONSE get KEY value VALUE | absent | unknown
 *     CLIENT INVOKE RESPONSE del KEY [ existed | absent | unknown ]
 *
 * CLIENT, INVOKE and RESPONSE are unsigned decimal integers (times in any
 * one unit, e.g. microseconds); RESPONSE is "pending" for an operation that
 * never returned. KEY and VALUE are tokens of the control protocol's
 * percent-encoding (bytes 0x21..0x7E except '%' as themselves, others %XX,
 * the empty string as a lone "%"). A del without an outcome is "unknown".
 * Lines starting with '#' and blank lines are ignored. Example:
 *
 *     # client invoke response op key ...
 *     1 100 180 put x 1
 *     2 150 260 get x value 1
 *     3 300 pending del x
 *     2 400 450 get x absent
 */
#ifndef RAFT_LINCHECK_H
#define RAFT_LINCHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LINCHECK_PENDING UINT64_MAX

enum lincheck_kind { LINCHECK_PUT = 1, LINCHECK_GET, LINCHECK_DEL };

/* What the client saw. */
enum lincheck_outcome {
    LINCHECK_OK = 1,     /* put done / get found `value` / del removed an existing key */
    LINCHECK_ABSENT,     /* get or del: the key did not exist */
    LINCHECK_UNKNOWN     /* no answer, or the answer is not checked (del) */
};

struct lincheck_op {
    uint64_t client;
    uint64_t invoke;
    uint64_t response;   /* LINCHECK_PENDING if it never returned */
    uint8_t kind;        /* enum lincheck_kind */
    uint8_t outcome;     /* enum lincheck_outcome */
    uint8_t *key;        /* owned by the history */
    uint32_t key_len;
    uint8_t *value;      /* put: value written; get with LINCHECK_OK: value read */
    uint32_t value_len;
    uint32_t line;       /* source line when parsed from text, else 0 */
};

struct lincheck_history {
    struct lincheck_op *ops;
    size_t count;
    size_t cap;
};

void lincheck_history_init(struct lincheck_history *h);
void lincheck_history_free(struct lincheck_history *h);
/* Append a copy of op (key and value are copied). Returns false when out
 * of memory or the op is inconsistent (response < invoke, unknown kind). */
bool lincheck_history_add(struct lincheck_history *h, const struct lincheck_op *op);

/* Parse one text line into h (blank lines and "#" comments add nothing).
 * Returns true on success; otherwise writes a message naming the field to err. */
bool lincheck_parse_line(struct lincheck_history *h, const char *line, uint32_t line_no,
                         char *err, size_t err_cap);

struct lincheck_result {
    bool linearizable;
    size_t keys;        /* distinct keys checked */
    size_t ops;         /* operations checked */
    uint64_t states;    /* search states explored (all keys) */
    char explanation[1024]; /* the first violation, readable; empty when linearizable */
};

/* Check the whole history. `max_states` bounds the search per key (0 = no
 * bound); when exceeded the result says so and linearizable is false with
 * an explanation starting "undecided". Returns result->linearizable. */
bool lincheck_check(const struct lincheck_history *h, uint64_t max_states, struct lincheck_result *result);

#endif
