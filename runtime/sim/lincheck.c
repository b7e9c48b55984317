/*
 * lincheck.c — Wing & Gong search with Lowe's memoization, per key.
 *
 * For one key: every operation becomes a call entry and a return entry in a
 * doubly linked list ordered by time (calls before returns at equal times,
 * so touching intervals count as concurrent). The search walks the list:
 * a call whose operation is legal in the current state and leads to an
 * unseen (linearized set, state) pair is linearized — both its entries are
 * unlinked and the search restarts from the head; reaching a return entry
 * means that operation can no longer be placed, so the last choice is undone
 * (the entries are relinked in place: dancing links). The cache of visited
 * (set, state) pairs is what makes this fast (Lowe 2017).
 */
#define _POSIX_C_SOURCE 200809L

#include "lincheck.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "raft/raft_control.h"

/* ---- history ------------------------------------------------------------ */

void lincheck_history_init(struct lincheck_history *h)
{
    memset(h, 0, sizeof *h);
}

void lincheck_history_free(struct lincheck_history *h)
{
    for (size_t i = 0; i < h->count; i++) {
        free(h->ops[i].key);
        free(h->ops[i].value);
    }
    free(h->ops);
    memset(h, 0, sizeof *h);
}

static uint8_t *copy_bytes(const uint8_t *p, uint32_t n)
{
    uint8_t *c = malloc(n ? n : 1);
    if (c != NULL && n > 0) {
        memcpy(c, p, n);
    }
    return c;
}

bool lincheck_history_add(struct lincheck_history *h, const struct lincheck_op *op)
{
    if (op->kind < LINCHECK_PUT || op->kind > LINCHECK_DEL || op->response < op->invoke ||
        op->outcome < LINCHECK_OK || op->outcome > LINCHECK_UNKNOWN) {
        return false;
    }
    if (h->count == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 64;
        struct lincheck_op *ops = realloc(h->ops, cap * sizeof *ops);
        if (ops == NULL) {
            return false;
        }
        h->ops = ops;
        h->cap = cap;
    }
    struct lincheck_op *c = &h->ops[h->count];
    *c = *op;
    c->key = copy_bytes(op->key, op->key_len);
    c->value = copy_bytes(op->value, op->value_len);
    if (c->key == NULL || c->value == NULL) {
        free(c->key);
        free(c->value);
        return false;
    }
    h->count++;
    return true;
}

/* ---- text format ------------------------------------------------------- */

struct field {
    const char *p;
    size_t len;
};

static bool parse_u64(const struct field *f, uint64_t *out)
{
    if (f->len == 0 || f->len > 20) {
        return false;
    }
    uint64_t v = 0;
    for (size_t i = 0; i < f->len; i++) {
        if (f->p[i] < '0' || f->p[i] > '9') {
            return false;
        }
        uint64_t d = (uint64_t)(f->p[i] - '0');
        if (v > (UINT64_MAX - 1 - d) / 10u) { /* UINT64_MAX is "pending" */
            return false;
        }
        v = v * 10u + d;
    }
    *out = v;
    return true;
}

static bool field_is(const struct field *f, const char *word)
{
    return f->len == strlen(word) && memcmp(f->p, word, f->len) == 0;
}

/* Decode a percent-encoded field into a malloc'd buffer. */
static uint8_t *decode_field(const struct field *f, uint32_t *len)
{
    uint8_t *buf = malloc(f->len ? f->len : 1);
    if (buf == NULL) {
        return NULL;
    }
    int32_t n = raft_control_decode_token(f->p, f->len, buf, f->len);
    if (n < 0) {
        free(buf);
        return NULL;
    }
    *len = (uint32_t)n;
    return buf;
}

static bool parse_error(char *err, size_t cap, uint32_t line_no, const char *what, const struct field *f)
{
    if (f != NULL) {
        snprintf(err, cap, "line %u: %s, got '%.*s'", line_no, what, (int)(f->len > 40 ? 40 : f->len), f->p);
    } else {
        snprintf(err, cap, "line %u: %s", line_no, what);
    }
    return false;
}

bool lincheck_parse_line(struct lincheck_history *h, const char *line, uint32_t line_no, char *err, size_t err_cap)
{
    struct field f[9];
    size_t count = 0;
    const char *p = line;
    for (;;) {
        while (*p == ' ' || *p == '\t') {
            p++;
        }
        if (*p == '\0' || *p == '\n' || *p == '\r') {
            break;
        }
        if (count == 0 && *p == '#') {
            return true; /* comment */
        }
        if (count == sizeof f / sizeof f[0]) {
            return parse_error(err, err_cap, line_no, "too many fields", NULL);
        }
        f[count].p = p;
        while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r') {
            p++;
        }
        f[count].len = (size_t)(p - f[count].p);
        count++;
    }
    if (count == 0) {
        return true; /* blank */
    }
    if (count < 5) {
        return parse_error(err, err_cap, line_no, "expected CLIENT INVOKE RESPONSE OP KEY ...", NULL);
    }
    struct lincheck_op op;
    memset(&op, 0, sizeof op);
    op.line = line_no;
    if (!parse_u64(&f[0], &op.client)) {
        return parse_error(err, err_cap, line_no, "field 1 (client) must be an unsigned number", &f[0]);
    }
    if (!parse_u64(&f[1], &op.invoke)) {
        return parse_error(err, err_cap, line_no, "field 2 (invoke time) must be an unsigned number", &f[1]);
    }
    if (field_is(&f[2], "pending")) {
        op.response = LINCHECK_PENDING;
    } else if (!parse_u64(&f[2], &op.response)) {
        return parse_error(err, err_cap, line_no, "field 3 (response time) must be a number or 'pending'", &f[2]);
    }
    if (op.response < op.invoke) {
        return parse_error(err, err_cap, line_no, "response time is before invoke time", &f[2]);
    }
    size_t expect;
    if (field_is(&f[3], "put")) {
        op.kind = LINCHECK_PUT;
        op.outcome = op.response == LINCHECK_PENDING ? LINCHECK_UNKNOWN : LINCHECK_OK;
        expect = 6;
    } else if (field_is(&f[3], "get")) {
        op.kind = LINCHECK_GET;
        if (count < 6) {
            return parse_error(err, err_cap, line_no, "get needs an outcome: value V, absent or unknown", NULL);
        }
        if (field_is(&f[5], "value")) {
            op.outcome = LINCHECK_OK;
            expect = 7;
        } else if (field_is(&f[5], "absent")) {
            op.outcome = LINCHECK_ABSENT;
            expect = 6;
        } else if (field_is(&f[5], "unknown")) {
            op.outcome = LINCHECK_UNKNOWN;
            expect = 6;
        } else {
            return parse_error(err, err_cap, line_no, "field 6 (get outcome) must be value, absent or unknown", &f[5]);
        }
    } else if (field_is(&f[3], "del")) {
        op.kind = LINCHECK_DEL;
        op.outcome = LINCHECK_UNKNOWN;
        expect = count == 6 ? 6 : 5;
        if (count == 6) {
            if (field_is(&f[5], "existed")) {
                op.outcome = LINCHECK_OK;
            } else if (field_is(&f[5], "absent")) {
                op.outcome = LINCHECK_ABSENT;
            } else if (!field_is(&f[5], "unknown")) {
                return parse_error(err, err_cap, line_no, "field 6 (del outcome) must be existed, absent or unknown",
                                   &f[5]);
            }
        }
    } else {
        return parse_error(err, err_cap, line_no, "field 4 (operation) must be put, get or del", &f[3]);
    }
    if (count != expect) {
        return parse_error(err, err_cap, line_no,
                           count < expect ? "missing field for this operation" : "extra field for this operation",
                           NULL);
    }
    if (op.response == LINCHECK_PENDING && op.kind == LINCHECK_GET) {
        op.outcome = LINCHECK_UNKNOWN; /* a pending read observed nothing */
    }
    op.key = decode_field(&f[4], &op.key_len);
    if (op.key == NULL) {
        return parse_error(err, err_cap, line_no, "field 5 (key) is not a valid percent-encoded token", &f[4]);
    }
    size_t vfield = op.kind == LINCHECK_PUT ? 5 : 6;
    if (op.kind == LINCHECK_PUT || (op.kind == LINCHECK_GET && expect == 7)) {
        op.value = decode_field(&f[vfield], &op.value_len);
        if (op.value == NULL) {
            free(op.key);
            return parse_error(err, err_cap, line_no, "value is not a valid percent-encoded token", &f[vfield]);
        }
    }
    bool ok = lincheck_history_add(h, &op);
    free(op.key);
    free(op.value);
    if (!ok) {
        return parse_error(err, err_cap, line_no, "out of memory", NULL);
    }
    return true;
}

/* ---- per-key model ------------------------------------------------------- */

/* A key's state is 0 (absent) or the id of a distinct value (1..). */
struct key_ops {
    const struct lincheck_op **ops;
    size_t n;
    int *value_id;   /* per op: id of its value (put, get found), else 0 */
    int distinct;
};

static bool same_bytes(const uint8_t *a, uint32_t alen, const uint8_t *b, uint32_t blen)
{
    return alen == blen && (alen == 0 || memcmp(a, b, alen) == 0);
}

static void intern_values(struct key_ops *k)
{
    k->distinct = 0;
    for (size_t i = 0; i < k->n; i++) {
        const struct lincheck_op *op = k->ops[i];
        k->value_id[i] = 0;
        bool has_value = op->kind == LINCHECK_PUT || (op->kind == LINCHECK_GET && op->outcome == LINCHECK_OK);
        if (!has_value) {
            continue;
        }
        for (size_t j = 0; j < i; j++) {
            if (k->value_id[j] != 0 &&
                same_bytes(k->ops[j]->value, k->ops[j]->value_len, op->value, op->value_len)) {
                k->value_id[i] = k->value_id[j];
                break;
            }
        }
        if (k->value_id[i] == 0) {
            k->value_id[i] = ++k->distinct;
        }
    }
}

/* Apply op i to state; false when its observed outcome is impossible. */
static bool step(const struct key_ops *k, size_t i, int state, int *next)
{
    const struct lincheck_op *op = k->ops[i];
    *next = state;
    switch (op->kind) {
    case LINCHECK_PUT:
        *next = k->value_id[i];
        return true;
    case LINCHECK_GET:
        if (op->outcome == LINCHECK_OK) {
            return state == k->value_id[i];
        }
        return op->outcome == LINCHECK_UNKNOWN || state == 0;
    default: /* del */
        *next = 0;
        if (op->outcome == LINCHECK_OK) {
            return state != 0;
        }
        return op->outcome == LINCHECK_UNKNOWN || state == 0;
    }
}

/* ---- search structures --------------------------------------------------- */

struct entry {
    size_t op;
    bool is_call;
    uint64_t time;
    struct entry *match; /* call ↔ return */
    struct entry *prev, *next;
};

struct cache {
    size_t words;        /* 64-bit words per bitset */
    size_t cap;          /* slots, a power of two */
    size_t used;
    uint64_t *hashes;    /* 0 = empty slot */
    int *states;
    uint64_t *sets;      /* cap * words */
};

static bool cache_init(struct cache *c, size_t words)
{
    c->words = words;
    c->cap = 1024;
    c->used = 0;
    c->hashes = calloc(c->cap, sizeof *c->hashes);
    c->states = calloc(c->cap, sizeof *c->states);
    c->sets = calloc(c->cap * words, sizeof *c->sets);
    return c->hashes && c->states && c->sets;
}

static void cache_free(struct cache *c)
{
    free(c->hashes);
    free(c->states);
    free(c->sets);
}

static bool cache_insert_raw(struct cache *c, uint64_t hash, const uint64_t *set, int state)
{
    size_t mask = c->cap - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
        if (c->hashes[i] == 0) {
            c->hashes[i] = hash;
            c->states[i] = state;
            memcpy(&c->sets[i * c->words], set, c->words * sizeof *set);
            c->used++;
            return true;
        }
        if (c->hashes[i] == hash && c->states[i] == state &&
            memcmp(&c->sets[i * c->words], set, c->words * sizeof *set) == 0) {
            return false;
        }
    }
}

/* Insert (set, state); false when it was already there. -1 on no memory. */
static int cache_insert(struct cache *c, uint64_t hash, const uint64_t *set, int state)
{
    if (hash == 0) {
        hash = 1;
    }
    if (2 * (c->used + 1) > c->cap) {
        struct cache bigger = {c->words, c->cap * 2, 0, NULL, NULL, NULL};
        bigger.hashes = calloc(bigger.cap, sizeof *bigger.hashes);
        bigger.states = calloc(bigger.cap, sizeof *bigger.states);
        bigger.sets = calloc(bigger.cap * c->words, sizeof *bigger.sets);
        if (!bigger.hashes || !bigger.states || !bigger.sets) {
            cache_free(&bigger);
            return -1;
        }
        for (size_t i = 0; i < c->cap; i++) {
            if (c->hashes[i] != 0) {
                cache_insert_raw(&bigger, c->hashes[i], &c->sets[i * c->words], c->states[i]);
            }
        }
        cache_free(c);
        *c = bigger;
    }
    return cache_insert_raw(c, hash, set, state) ? 1 : 0;
}

static uint64_t mix64(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

static int compare_entries(const void *a, const void *b)
{
    const struct entry *x = a, *y = b;
    if (x->time != y->time) {
        return x->time < y->time ? -1 : 1;
    }
    if (x->is_call != y->is_call) {
        return x->is_call ? -1 : 1; /* calls first: touching intervals overlap */
    }
    return x->op < y->op ? -1 : (x->op > y->op ? 1 : 0);
}

/* ---- explanation --------------------------------------------------------- */

struct text {
    char *buf;
    size_t cap, len;
};

static void text_add(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void text_add(struct text *t, const char *fmt, ...)
{
    if (t->len + 1 >= t->cap) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
    va_end(ap);
    if (n > 0) {
        t->len += (size_t)n < t->cap - t->len ? (size_t)n : t->cap - t->len - 1;
    }
}

static void text_bytes(struct text *t, const uint8_t *p, uint32_t n)
{
    char tok[3 * 48 + 2];
    uint32_t shown = n > 48 ? 48 : n;
    raft_control_encode_token(p, shown, tok, sizeof tok);
    text_add(t, "%s%s", tok, shown < n ? "..." : "");
}

static void describe_op(struct text *t, const struct lincheck_op *op, size_t index)
{
    if (op->line > 0) {
        text_add(t, "line %u", op->line);
    } else {
        text_add(t, "op #%zu", index);
    }
    text_add(t, " client %llu [%llu, ", (unsigned long long)op->client, (unsigned long long)op->invoke);
    if (op->response == LINCHECK_PENDING) {
        text_add(t, "pending] ");
    } else {
        text_add(t, "%llu] ", (unsigned long long)op->response);
    }
    switch (op->kind) {
    case LINCHECK_PUT:
        text_add(t, "put ");
        text_bytes(t, op->key, op->key_len);
        text_add(t, " ");
        text_bytes(t, op->value, op->value_len);
        break;
    case LINCHECK_GET:
        text_add(t, "get ");
        text_bytes(t, op->key, op->key_len);
        if (op->outcome == LINCHECK_OK) {
            text_add(t, " -> ");
            text_bytes(t, op->value, op->value_len);
        } else {
            text_add(t, op->outcome == LINCHECK_ABSENT ? " -> absent" : " -> (unknown)");
        }
        break;
    default:
        text_add(t, "del ");
        text_bytes(t, op->key, op->key_len);
        text_add(t, op->outcome == LINCHECK_OK ? " -> existed" : op->outcome == LINCHECK_ABSENT ? " -> absent" : "");
        break;
    }
}

/* Text of a state: absent or the value of some op with that id. */
static void describe_state(struct text *t, const struct key_ops *k, int state)
{
    if (state == 0) {
        text_add(t, "is absent");
        return;
    }
    for (size_t i = 0; i < k->n; i++) {
        if (k->value_id[i] == state) {
            text_add(t, "holds ");
            text_bytes(t, k->ops[i]->value, k->ops[i]->value_len);
            return;
        }
    }
}

/* ---- the search ---------------------------------------------------------- */

enum verdict { OK_LINEARIZABLE, NOT_LINEARIZABLE, UNDECIDED, NO_MEMORY };

struct search_report {
    size_t best_depth;
    size_t *best_order;   /* op positions of the longest linearized prefix */
    size_t blocked;       /* op whose return ended that prefix */
    uint64_t states;
};

static enum verdict check_key(struct key_ops *k, uint64_t max_states, struct search_report *rep)
{
    size_t n = k->n;
    size_t words = (n + 63) / 64;
    struct entry *entries = calloc(2 * n, sizeof *entries);
    uint64_t *set = calloc(words, sizeof *set);
    uint64_t *zobrist = malloc(n * sizeof *zobrist);
    struct entry **stack_entry = malloc(n * sizeof *stack_entry);
    int *stack_state = malloc(n * sizeof *stack_state);
    rep->best_order = malloc(n * sizeof *rep->best_order);
    rep->best_depth = 0;
    rep->blocked = 0;
    struct cache cache;
    bool ok = cache_init(&cache, words);
    enum verdict verdict = NO_MEMORY;
    if (!entries || !set || !zobrist || !stack_entry || !stack_state || !rep->best_order || !ok) {
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        entries[2 * i] = (struct entry){i, true, k->ops[i]->invoke, NULL, NULL, NULL};
        entries[2 * i + 1] = (struct entry){i, false, k->ops[i]->response, NULL, NULL, NULL};
        zobrist[i] = mix64(i + 1);
    }
    qsort(entries, 2 * n, sizeof *entries, compare_entries);
    struct entry head = {0, false, 0, NULL, NULL, NULL};
    struct entry **call_of = malloc(n * sizeof *call_of);
    if (call_of == NULL) {
        goto done;
    }
    struct entry *prev = &head;
    for (size_t i = 0; i < 2 * n; i++) {
        struct entry *e = &entries[i];
        e->prev = prev;
        prev->next = e;
        prev = e;
        if (e->is_call) {
            call_of[e->op] = e;
        }
    }
    prev->next = NULL;
    for (size_t i = 0; i < 2 * n; i++) {
        if (!entries[i].is_call) {
            call_of[entries[i].op]->match = &entries[i];
        }
    }
    free(call_of);

    size_t depth = 0;
    int state = 0;
    uint64_t hash = 0;
    struct entry *e = head.next;
    verdict = OK_LINEARIZABLE;
    while (head.next != NULL) {
        if (e->is_call) {
            int next;
            if (step(k, e->op, state, &next)) {
                set[e->op / 64] |= 1ull << (e->op % 64);
                uint64_t h = hash ^ zobrist[e->op];
                int fresh = cache_insert(&cache, h ^ mix64((uint64_t)next * 0x100000001B3ull), set, next);
                if (fresh < 0) {
                    verdict = NO_MEMORY;
                    break;
                }
                if (fresh) {
                    rep->states++;
                    if (max_states != 0 && rep->states > max_states) {
                        verdict = UNDECIDED;
                        break;
                    }
                    stack_entry[depth] = e;
                    stack_state[depth] = state;
                    depth++;
                    state = next;
                    hash = h;
                    /* Unlink the call and its return. */
                    struct entry *m = e->match;
                    e->prev->next = e->next;
                    e->next->prev = e->prev;
                    m->prev->next = m->next;
                    if (m->next != NULL) {
                        m->next->prev = m->prev;
                    }
                    e = head.next;
                    continue;
                }
                set[e->op / 64] &= ~(1ull << (e->op % 64));
            }
            e = e->next;
            continue;
        }
        /* A return: that operation cannot be placed after this prefix. */
        if (depth >= rep->best_depth) {
            rep->best_depth = depth;
            for (size_t i = 0; i < depth; i++) {
                rep->best_order[i] = stack_entry[i]->op;
            }
            rep->blocked = e->op;
        }
        if (depth == 0) {
            verdict = NOT_LINEARIZABLE;
            break;
        }
        depth--;
        e = stack_entry[depth];
        state = stack_state[depth];
        hash ^= zobrist[e->op];
        set[e->op / 64] &= ~(1ull << (e->op % 64));
        /* Relink in reverse order of unlinking. */
        struct entry *m = e->match;
        m->prev->next = m;
        if (m->next != NULL) {
            m->next->prev = m;
        }
        e->prev->next = e;
        e->next->prev = e;
        e = e->next;
    }
done:
    cache_free(&cache);
    free(entries);
    free(set);
    free(zobrist);
    free(stack_entry);
    free(stack_state);
    return verdict;
}

static void explain(struct text *t, const struct key_ops *k, const struct search_report *rep)
{
    const struct lincheck_op *first = k->ops[0];
    text_add(t, "key ");
    text_bytes(t, first->key, first->key_len);
    text_add(t, ": none of the orders its %zu operations allow explains every result.\n", k->n);
    int state = 0;
    for (size_t i = 0; i < rep->best_depth; i++) {
        step(k, rep->best_order[i], state, &state);
    }
    if (rep->best_depth > 0) {
        size_t from = rep->best_depth > 6 ? rep->best_depth - 6 : 0;
        text_add(t, "Longest valid order found (%zu operations%s):\n", rep->best_depth,
                 from > 0 ? ", last 6 shown" : "");
        for (size_t i = from; i < rep->best_depth; i++) {
            text_add(t, "  ");
            describe_op(t, k->ops[rep->best_order[i]], rep->best_order[i]);
            text_add(t, "\n");
        }
        text_add(t, "after which the key ");
    } else {
        text_add(t, "No operation can go first: at the start the key ");
    }
    describe_state(t, k, state);
    text_add(t, ". This operation had to take effect before it returned, and fits no remaining order:\n  ");
    describe_op(t, k->ops[rep->blocked], rep->blocked);
    text_add(t, "\n");
}

/* ---- whole history -------------------------------------------------------- */

static int compare_ops_by_key(const void *a, const void *b)
{
    const struct lincheck_op *x = *(const struct lincheck_op *const *)a;
    const struct lincheck_op *y = *(const struct lincheck_op *const *)b;
    uint32_t n = x->key_len < y->key_len ? x->key_len : y->key_len;
    int c = n > 0 ? memcmp(x->key, y->key, n) : 0;
    if (c != 0) {
        return c;
    }
    if (x->key_len != y->key_len) {
        return x->key_len < y->key_len ? -1 : 1;
    }
    return x < y ? -1 : (x > y ? 1 : 0); /* stable: history order */
}

bool lincheck_check(const struct lincheck_history *h, uint64_t max_states, struct lincheck_result *result)
{
    memset(result, 0, sizeof *result);
    result->linearizable = true;
    result->ops = h->count;
    if (h->count == 0) {
        return true;
    }
    const struct lincheck_op **sorted = malloc(h->count * sizeof *sorted);
    int *ids = malloc(h->count * sizeof *ids);
    if (sorted == NULL || ids == NULL) {
        free(sorted);
        free(ids);
        result->linearizable = false;
        snprintf(result->explanation, sizeof result->explanation, "undecided: out of memory");
        return false;
    }
    for (size_t i = 0; i < h->count; i++) {
        sorted[i] = &h->ops[i];
    }
    qsort(sorted, h->count, sizeof *sorted, compare_ops_by_key);
    struct text t = {result->explanation, sizeof result->explanation, 0};
    for (size_t start = 0; start < h->count;) {
        size_t end = start + 1;
        while (end < h->count && same_bytes(sorted[end]->key, sorted[end]->key_len, sorted[start]->key,
                                            sorted[start]->key_len)) {
            end++;
        }
        struct key_ops k = {&sorted[start], end - start, ids + start, 0};
        intern_values(&k);
        struct search_report rep;
        memset(&rep, 0, sizeof rep);
        enum verdict v = check_key(&k, max_states, &rep);
        result->states += rep.states;
        result->keys++;
        if (v != OK_LINEARIZABLE) {
            result->linearizable = false;
            if (v == NOT_LINEARIZABLE) {
                explain(&t, &k, &rep);
            } else {
                text_add(&t, "undecided: key ");
                text_bytes(&t, sorted[start]->key, sorted[start]->key_len);
                if (v == UNDECIDED) {
                    text_add(&t, " needs more than %llu search states\n", (unsigned long long)max_states);
                } else {
                    text_add(&t, " ran out of memory\n");
                }
            }
            free(rep.best_order);
            break;
        }
        free(rep.best_order);
        start = end;
    }
    free(sorted);
    free(ids);
    return result->linearizable;
}
