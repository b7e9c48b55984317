/* test_commit_probe.c — the node-side commit latency probe (host build,
 * ASan+UBSan), with a scripted clock and a recording line output standing in
 * for the board. mps2_console.c needs the UART registers: not tested here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "mps2/mps2_commit_probe.h"

struct fake_board {
    uint64_t now_us;
    char written[8][96];
    unsigned lines;
    unsigned idles;
};

static uint32_t fake_now_ms(void *ctx)
{
    return (uint32_t)(((struct fake_board *)ctx)->now_us / 1000u);
}

static uint64_t fake_now_us(void *ctx)
{
    return ((struct fake_board *)ctx)->now_us;
}

static uint32_t fake_seed(void *ctx)
{
    (void)ctx;
    return 42u;
}

static void fake_write_line(void *ctx, const char *line, size_t len)
{
    struct fake_board *b = ctx;
    if (b->lines < 8u && len < sizeof b->written[0]) {
        memcpy(b->written[b->lines], line, len);
        b->written[b->lines][len] = '\0';
    }
    b->lines++;
}

static void fake_idle(void *ctx, uint32_t max_wait_ms)
{
    (void)max_wait_ms;
    ((struct fake_board *)ctx)->idles++;
}

static struct raft_platform board_platform(struct fake_board *b)
{
    return (struct raft_platform){ .ctx = b, .now_ms = fake_now_ms, .now_us = fake_now_us, .seed = fake_seed,
                                   .write_line = fake_write_line, .idle = fake_idle };
}

/* Request at t, reply at t + us. */
static void write_after(struct mps2_commit_probe *p, struct fake_board *b, const char *request, const char *reply,
                        uint32_t us)
{
    struct raft_platform platform = mps2_commit_probe_platform(p);
    mps2_commit_probe_request(p, request, strlen(request));
    b->now_us += us;
    platform.write_line(platform.ctx, reply, strlen(reply));
}

static void times_writes_from_request_to_reply_and_passes_lines_through(void **state)
{
    (void)state;
    struct fake_board b = { .now_us = 1000000u };
    static struct mps2_commit_probe p;
    mps2_commit_probe_init(&p, board_platform(&b));
    write_after(&p, &b, "p1 put 7 1 key value", "p1 ok", 300u);
    write_after(&p, &b, "d1 del 7 2 key", "d1 not-found", 500u);
    assert_int_equal(p.count, 2);
    assert_int_equal(p.max_us, 500);
    assert_int_equal(b.lines, 2);
    assert_string_equal(b.written[0], "p1 ok");
    assert_string_equal(b.written[1], "d1 not-found");
    /* the wrapped platform forwards the clocks, the seed and idle */
    struct raft_platform platform = mps2_commit_probe_platform(&p);
    assert_int_equal(platform.now_us(platform.ctx), b.now_us);
    assert_int_equal(platform.now_ms(platform.ctx), b.now_us / 1000u);
    assert_int_equal(platform.seed(platform.ctx), 42);
    platform.idle(platform.ctx, 5u);
    assert_int_equal(b.idles, 1);
}

static void ignores_reads_errors_and_unmatched_replies(void **state)
{
    (void)state;
    struct fake_board b = { .now_us = 5000u };
    static struct mps2_commit_probe p;
    mps2_commit_probe_init(&p, board_platform(&b));
    write_after(&p, &b, "g1 get 7 1 key", "g1 value v", 100u);           /* a read: not timed */
    write_after(&p, &b, "p2 put 7 2 key v", "p2 err not-leader 3", 100u); /* refused: not a commit */
    write_after(&p, &b, "s1 status", "p9 ok", 100u);                      /* nobody asked for p9 */
    write_after(&p, &b, "p3 put 7 3 key v", "event leader 2 term=3", 100u);
    assert_int_equal(p.count, 0);
    write_after(&p, &b, "s2 status", "p3 ok", 700u); /* p3 is still open: its reply counts */
    assert_int_equal(p.count, 1);
    assert_int_equal(p.max_us, 800);
}

static void matches_prefixed_lines_of_a_multi_node_image_by_node_and_tag(void **state)
{
    (void)state;
    struct fake_board b = { .now_us = 0u };
    static struct mps2_commit_probe p;
    mps2_commit_probe_init(&p, board_platform(&b));
    struct raft_platform platform = mps2_commit_probe_platform(&p);
    mps2_commit_probe_request(&p, "@1 t1 put 0 0 a b", 17u);
    b.now_us = 100u;
    mps2_commit_probe_request(&p, "@2 t1 put 0 0 a c", 17u);
    b.now_us = 1100u;
    platform.write_line(platform.ctx, "@2 t1 ok", 8u); /* 1000 us for node 2's t1 */
    b.now_us = 2000u;
    platform.write_line(platform.ctx, "@1 t1 ok", 8u); /* 2000 us for node 1's t1 */
    assert_int_equal(p.count, 2);
    assert_int_equal(p.max_us, 2000);
    uint32_t p50 = mps2_commit_probe_percentile(&p, 500u); /* the 1000 us write: bucket [960, 1024) */
    assert_int_equal(p50, 992u);
    char summary[160];
    assert_true(mps2_commit_probe_summary(&p, summary, sizeof summary) > 0u);
    assert_non_null(strstr(summary, " span_us=2000 ")); /* from the first request, at time 0 */
}

static void a_retried_write_is_timed_once_from_its_first_arrival(void **state)
{
    (void)state;
    struct fake_board b = { .now_us = 50u };
    static struct mps2_commit_probe p;
    mps2_commit_probe_init(&p, board_platform(&b));
    mps2_commit_probe_request(&p, "r1 put 0 0 k v", 14u);
    b.now_us = 250u;
    write_after(&p, &b, "r1 put 0 0 k v", "r1 ok", 100u); /* the client resent it */
    assert_int_equal(p.count, 1);
    assert_int_equal(p.max_us, 300);
    for (uint32_t i = 0; i < MPS2_PROBE_OPEN; i++) {
        assert_int_equal(p.open[i].key, 0u); /* no slot left behind by the retry */
    }
}

static void percentiles_come_from_the_histogram_within_its_resolution(void **state)
{
    (void)state;
    struct fake_board b = { .now_us = 0u };
    static struct mps2_commit_probe p;
    mps2_commit_probe_init(&p, board_platform(&b));
    char request[32];
    char reply[32];
    for (uint32_t i = 1; i <= 100u; i++) { /* latencies 10, 20, ..., 1000 us */
        snprintf(request, sizeof request, "t%u put 0 0 k v", (unsigned)i);
        snprintf(reply, sizeof reply, "t%u ok", (unsigned)i);
        write_after(&p, &b, request, reply, 10u * i);
    }
    assert_int_equal(p.count, 100);
    uint32_t p50 = mps2_commit_probe_percentile(&p, 500u);
    uint32_t p99 = mps2_commit_probe_percentile(&p, 990u);
    assert_true(p50 >= 500u - 500u / 8u && p50 <= 500u + 500u / 8u);   /* within one 12.5 % bucket */
    assert_true(p99 >= 990u - 990u / 8u && p99 <= 1000u);              /* never above the maximum */
    assert_int_equal(mps2_commit_probe_percentile(&p, 1000u), 1000u);
    char summary[160];
    size_t n = mps2_commit_probe_summary(&p, summary, sizeof summary);
    assert_true(n > 0u);
    assert_non_null(strstr(summary, "commit-latency writes=100 p50_us="));
    assert_non_null(strstr(summary, " max_us=1000 "));
    assert_non_null(strstr(summary, " untracked=0\n"));
}

static void counts_writes_it_cannot_time_when_too_many_are_open(void **state)
{
    (void)state;
    struct fake_board b = { .now_us = 0u };
    static struct mps2_commit_probe p;
    mps2_commit_probe_init(&p, board_platform(&b));
    char request[32];
    for (uint32_t i = 0; i < MPS2_PROBE_OPEN + 3u; i++) {
        snprintf(request, sizeof request, "w%u put 0 0 k v", (unsigned)i);
        mps2_commit_probe_request(&p, request, strlen(request));
    }
    assert_int_equal(p.untracked, 3);
    char summary[160];
    assert_int_equal(mps2_commit_probe_summary(&p, summary, 8u), 0); /* too small: nothing, no overflow */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(times_writes_from_request_to_reply_and_passes_lines_through),
        cmocka_unit_test(ignores_reads_errors_and_unmatched_replies),
        cmocka_unit_test(matches_prefixed_lines_of_a_multi_node_image_by_node_and_tag),
        cmocka_unit_test(a_retried_write_is_timed_once_from_its_first_arrival),
        cmocka_unit_test(percentiles_come_from_the_histogram_within_its_resolution),
        cmocka_unit_test(counts_writes_it_cannot_time_when_too_many_are_open),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
