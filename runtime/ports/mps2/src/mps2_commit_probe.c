/* mps2_commit_probe.c — node-side commit latency (see the header). */
#include "mps2/mps2_commit_probe.h"

#include <stdbool.h>
#include <string.h>

#include "raft/raft_control.h"

/* FNV-1a over "[@id ]tag"; never 0 (0 marks a free slot). */
static uint32_t key_of(const char *line, size_t len, size_t *after)
{
    size_t i = 0;
    if (len > 0u && line[0] == '@') {
        while (i < len && line[i] != ' ') {
            i++;
        }
        i++; /* the space after the prefix */
    }
    while (i < len && line[i] != ' ' && line[i] != '\n' && line[i] != '\r') {
        i++;
    }
    uint32_t h = 2166136261u;
    for (size_t k = 0; k < i && k < len; k++) {
        h = (h ^ (uint8_t)line[k]) * 16777619u;
    }
    *after = i < len ? i + 1u : len;
    return h != 0u ? h : 1u;
}

/* True when the token at line[at..] is `word` (followed by a space or the end). */
static bool token_is(const char *line, size_t len, size_t at, const char *word)
{
    size_t n = strlen(word);
    if (at + n > len || memcmp(line + at, word, n) != 0) {
        return false;
    }
    return at + n == len || line[at + n] == ' ' || line[at + n] == '\n' || line[at + n] == '\r';
}

static uint32_t bucket_of(uint32_t us)
{
    if (us < MPS2_PROBE_EXACT) {
        return us;
    }
    uint32_t e = 31u - (uint32_t)__builtin_clz(us); /* >= 4 */
    uint32_t sub = (us >> (e - 3u)) & (MPS2_PROBE_SUB - 1u);
    uint32_t b = MPS2_PROBE_EXACT + (e - 4u) * MPS2_PROBE_SUB + sub;
    return b < MPS2_PROBE_BUCKETS ? b : MPS2_PROBE_BUCKETS - 1u;
}

/* The middle of bucket b, in us. */
static uint32_t bucket_middle(uint32_t b)
{
    if (b < MPS2_PROBE_EXACT) {
        return b;
    }
    uint32_t e = (b - MPS2_PROBE_EXACT) / MPS2_PROBE_SUB + 4u;
    uint32_t sub = (b - MPS2_PROBE_EXACT) % MPS2_PROBE_SUB;
    uint32_t width = 1u << (e - 3u);
    return (MPS2_PROBE_SUB + sub) * width + width / 2u;
}

static void record(struct mps2_commit_probe *p, uint32_t us, uint64_t now)
{
    uint32_t b = bucket_of(us);
    if (p->buckets[b] != UINT16_MAX) {
        p->buckets[b]++;
    }
    p->count++;
    p->max_us = us > p->max_us ? us : p->max_us;
    p->last_us = now;
}

void mps2_commit_probe_request(struct mps2_commit_probe *p, const char *line, size_t len)
{
    size_t verb;
    uint32_t key = key_of(line, len, &verb);
    if (!token_is(line, len, verb, "put") && !token_is(line, len, verb, "del")) {
        return;
    }
    uint32_t free_slot = MPS2_PROBE_OPEN;
    for (uint32_t i = 0; i < MPS2_PROBE_OPEN; i++) {
        if (p->open[i].key == key) {
            return; /* a retry of an open write: timed from its first arrival */
        }
        if (p->open[i].key == 0u && free_slot == MPS2_PROBE_OPEN) {
            free_slot = i;
        }
    }
    if (free_slot == MPS2_PROBE_OPEN) {
        p->untracked++;
        return;
    }
    uint64_t now = p->inner.now_us(p->inner.ctx);
    p->open[free_slot] = (struct mps2_probe_open){ .key = key, .t0_us = (uint32_t)now };
    if (!p->started) {
        p->started = true;
        p->first_us = now;
    }
}

static void observe_reply(struct mps2_commit_probe *p, const char *line, size_t len)
{
    size_t result;
    uint32_t key = key_of(line, len, &result);
    for (uint32_t i = 0; i < MPS2_PROBE_OPEN; i++) {
        if (p->open[i].key == key) {
            p->open[i].key = 0u;
            if (token_is(line, len, result, "ok") || token_is(line, len, result, "not-found")) {
                uint64_t now = p->inner.now_us(p->inner.ctx);
                record(p, (uint32_t)now - p->open[i].t0_us, now); /* wraps after 71 min: fine */
            }
            return;
        }
    }
}

/* ---- the wrapped platform ---------------------------------------------------- */

static uint32_t probe_now_ms(void *ctx)
{
    struct mps2_commit_probe *p = ctx;
    return p->inner.now_ms(p->inner.ctx);
}

static uint64_t probe_now_us(void *ctx)
{
    struct mps2_commit_probe *p = ctx;
    return p->inner.now_us(p->inner.ctx);
}

static uint32_t probe_seed(void *ctx)
{
    struct mps2_commit_probe *p = ctx;
    return p->inner.seed(p->inner.ctx);
}

static void probe_write_line(void *ctx, const char *line, size_t len)
{
    struct mps2_commit_probe *p = ctx;
    observe_reply(p, line, len);
    p->inner.write_line(p->inner.ctx, line, len);
}

static void probe_idle(void *ctx, uint32_t max_wait_ms)
{
    struct mps2_commit_probe *p = ctx;
    p->inner.idle(p->inner.ctx, max_wait_ms);
}

void mps2_commit_probe_init(struct mps2_commit_probe *p, struct raft_platform inner)
{
    memset(p, 0, sizeof *p);
    p->inner = inner;
}

struct raft_platform mps2_commit_probe_platform(struct mps2_commit_probe *p)
{
    return (struct raft_platform){
        .ctx = p,
        .now_ms = probe_now_ms,
        .now_us = probe_now_us,
        .seed = probe_seed,
        .write_line = probe_write_line,
        .idle = p->inner.idle != NULL ? probe_idle : NULL,
    };
}

uint32_t mps2_commit_probe_percentile(const struct mps2_commit_probe *p, uint32_t permille)
{
    uint32_t counted = 0;
    for (uint32_t b = 0; b < MPS2_PROBE_BUCKETS; b++) {
        counted += p->buckets[b];
    }
    if (counted == 0u) {
        return 0;
    }
    if (permille >= 1000u) {
        return p->max_us; /* kept exactly */
    }
    /* the smallest bucket holding the ceil(permille/1000 * n)-th value; in 32-bit
     * pieces (n = 1000q + r), so no 64-bit division (libgcc's costs 700 B of flash) */
    uint32_t rank = counted / 1000u * permille + (counted % 1000u * permille + 999u) / 1000u;
    rank = rank == 0u ? 1u : rank;
    uint32_t seen = 0;
    for (uint32_t b = 0; b < MPS2_PROBE_BUCKETS; b++) {
        seen += p->buckets[b];
        if (seen >= rank) {
            uint32_t middle = bucket_middle(b);
            return middle < p->max_us ? middle : p->max_us;
        }
    }
    return p->max_us;
}

size_t mps2_commit_probe_summary(const struct mps2_commit_probe *p, char *buf, size_t cap)
{
    struct raft_line l;
    raft_line_begin(&l, buf, cap, 0);
    raft_line_word(&l, "commit-latency");
    raft_line_field(&l, "writes", p->count);
    raft_line_field(&l, "p50_us", mps2_commit_probe_percentile(p, 500u));
    raft_line_field(&l, "p90_us", mps2_commit_probe_percentile(p, 900u));
    raft_line_field(&l, "p99_us", mps2_commit_probe_percentile(p, 990u));
    raft_line_field(&l, "max_us", p->max_us);
    raft_line_field(&l, "span_us", p->count > 0u ? p->last_us - p->first_us : 0u);
    raft_line_field(&l, "untracked", p->untracked);
    return raft_line_end(&l);
}
