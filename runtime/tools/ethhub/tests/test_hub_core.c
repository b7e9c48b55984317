/* test_hub_core.c — the hub core without sockets: learning, flooding, faults,
 * determinism of the seeded streams, the delay queue and the control language. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "hub.h"
#include "hub_command.h"

#define MAX_RECORDED 40000

struct delivery {
    unsigned port;
    uint32_t id;   /* frame id carried in the payload */
    size_t len;
};

struct sink {
    struct delivery got[MAX_RECORDED];
    size_t count;
    bool refuse_port[HUB_MAX_PORTS + 1];
};

static struct sink sink;

static bool record(void *ctx, unsigned port, const uint8_t *frame, size_t len)
{
    struct sink *s = ctx;
    if (s->refuse_port[port]) {
        return false;
    }
    if (s->count < MAX_RECORDED) {
        uint32_t id = 0;
        if (len >= 18) {
            memcpy(&id, frame + 14, sizeof id);
        }
        s->got[s->count++] = (struct delivery){ port, id, len };
    }
    return true;
}

static const uint8_t BROADCAST[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static void mac_of(unsigned node, uint8_t mac[6])
{
    const uint8_t m[6] = { 0x02, 0, 0, 0, 0, (uint8_t)node };
    memcpy(mac, m, 6);
}

/* A 64-byte frame from node `from` to `dst` carrying `id`. */
static void send_frame(struct hub *h, unsigned port, unsigned from_node, const uint8_t dst[6], uint32_t id,
                       uint64_t now)
{
    uint8_t frame[64] = { 0 };
    memcpy(frame, dst, 6);
    mac_of(from_node, frame + 6);
    frame[12] = 0x08;
    memcpy(frame + 14, &id, sizeof id);
    hub_ingress(h, port, frame, sizeof frame, now);
}

static void send_to_node(struct hub *h, unsigned from, unsigned to, uint32_t id, uint64_t now)
{
    uint8_t dst[6];
    mac_of(to, dst);
    send_frame(h, from, from, dst, id, now);
}

static struct hub *new_hub(unsigned ports, uint64_t seed, size_t max_delayed)
{
    static struct hub hubs[2];
    static int next;
    struct hub *h = &hubs[next++ % 2];
    memset(&sink, 0, sizeof sink);
    assert_true(hub_init(h, ports, seed, max_delayed, record, &sink));
    return h;
}

static int delivered_to(unsigned port)
{
    int n = 0;
    for (size_t i = 0; i < sink.count; i++) {
        n += sink.got[i].port == port;
    }
    return n;
}

static enum hub_command_result run(struct hub *h, const char *line, struct hub_text *reply)
{
    hub_text_clear(reply);
    return hub_command_run(h, line, 0, reply);
}

static void run_ok(struct hub *h, const char *line)
{
    struct hub_text reply = { 0 };
    enum hub_command_result r = run(h, line, &reply);
    if (r != HUB_CMD_OK) {
        fail_msg("'%s' -> %s", line, reply.buf);
    }
    hub_text_free(&reply);
}

/* Learn every node's MAC (each says hello by broadcast), then forget the deliveries. */
static void learn_all(struct hub *h)
{
    for (unsigned p = 1; p <= h->ports; p++) {
        send_frame(h, p, p, BROADCAST, 0, 0);
    }
    sink.count = 0;
}

static void broadcast_floods_to_all_other_ports(void **state)
{
    (void)state;
    struct hub *h = new_hub(3, 1, 16);
    send_frame(h, 1, 1, BROADCAST, 7, 0);
    assert_int_equal(sink.count, 2);
    assert_int_equal(delivered_to(1), 0);
    assert_int_equal(delivered_to(2), 1);
    assert_int_equal(delivered_to(3), 1);
    assert_int_equal(h->stats[1].rx, 1);
    assert_int_equal(h->stats[1].flooded, 1);
    assert_int_equal(h->stats[2].tx, 1);
    hub_free(h);
}

static void learned_unicast_goes_to_one_port_unknown_floods(void **state)
{
    (void)state;
    struct hub *h = new_hub(3, 1, 16);
    send_to_node(h, 1, 2, 1, 0); /* node 2 unknown yet: flooded */
    assert_int_equal(sink.count, 2);
    sink.count = 0;
    send_to_node(h, 2, 1, 2, 0); /* node 1 was learned from the first frame */
    assert_int_equal(sink.count, 1);
    assert_int_equal(sink.got[0].port, 1);
    sink.count = 0;
    send_to_node(h, 1, 2, 3, 0); /* and node 2 from the second */
    assert_int_equal(sink.count, 1);
    assert_int_equal(sink.got[0].port, 2);
    assert_int_equal(h->stats[1].flooded, 1);
    hub_free(h);
}

static void unicast_to_the_ingress_port_is_filtered(void **state)
{
    (void)state;
    struct hub *h = new_hub(3, 1, 16);
    learn_all(h);
    uint8_t dst[6];
    mac_of(1, dst);
    send_frame(h, 1, 9, dst, 1, 0); /* another MAC behind port 1 talking to node 1 */
    assert_int_equal(sink.count, 0);
    hub_free(h);
}

static void a_mac_that_moves_is_relearned(void **state)
{
    (void)state;
    struct hub *h = new_hub(3, 1, 16);
    learn_all(h);
    send_frame(h, 3, 1, BROADCAST, 0, 10); /* node 1's MAC now speaks from port 3 */
    sink.count = 0;
    send_to_node(h, 2, 1, 5, 20);
    assert_int_equal(sink.count, 1);
    assert_int_equal(sink.got[0].port, 3);
    hub_free(h);
}

static void learned_macs_age_out(void **state)
{
    (void)state;
    struct hub *h = new_hub(3, 1, 16);
    learn_all(h);
    send_to_node(h, 2, 1, 5, HUB_MAC_AGE_US + 1u);
    assert_int_equal(sink.count, 2); /* forgotten: flooded again */
    hub_free(h);
}

static void malformed_frames_are_counted_not_forwarded(void **state)
{
    (void)state;
    struct hub *h = new_hub(2, 1, 16);
    uint8_t small[10] = { 0 };
    static uint8_t big[HUB_MAX_FRAME + 1];
    hub_ingress(h, 1, small, sizeof small, 0);
    hub_ingress(h, 1, big, sizeof big, 0);
    assert_int_equal(sink.count, 0);
    assert_int_equal(h->stats[1].malformed, 2);
    assert_int_equal(h->stats[1].rx, 0);
    hub_free(h);
}

static void isolate_blocks_both_directions_and_heal_restores(void **state)
{
    (void)state;
    struct hub *h = new_hub(3, 1, 16);
    learn_all(h);
    run_ok(h, "isolate 2");
    send_to_node(h, 1, 2, 1, 0);
    send_to_node(h, 2, 1, 2, 0);
    send_to_node(h, 2, 3, 3, 0);
    assert_int_equal(sink.count, 0);
    send_to_node(h, 1, 3, 4, 0);
    assert_int_equal(sink.count, 1);
    assert_int_equal(h->stats[1].blocked, 1);
    assert_int_equal(h->stats[2].blocked, 2);
    run_ok(h, "heal");
    sink.count = 0;
    send_to_node(h, 1, 2, 5, 0);
    send_to_node(h, 2, 1, 6, 0);
    assert_int_equal(sink.count, 2);
    hub_free(h);
}

static void partition_splits_groups_and_isolates_unnamed_ports(void **state)
{
    (void)state;
    struct hub *h = new_hub(4, 1, 16);
    learn_all(h);
    run_ok(h, "partition 1,2 3");
    send_to_node(h, 1, 2, 1, 0);
    send_to_node(h, 2, 1, 2, 0);
    assert_int_equal(sink.count, 2);
    sink.count = 0;
    send_to_node(h, 1, 3, 3, 0);
    send_to_node(h, 3, 2, 4, 0);
    send_to_node(h, 4, 1, 5, 0);
    send_to_node(h, 1, 4, 6, 0);
    assert_int_equal(sink.count, 0);
    send_frame(h, 3, 3, BROADCAST, 7, 0); /* a broadcast stays inside its group */
    assert_int_equal(sink.count, 0);
    send_frame(h, 1, 1, BROADCAST, 8, 0);
    assert_int_equal(sink.count, 1);
    assert_int_equal(sink.got[0].port, 2);
    hub_free(h);
}

static void cut_one_way_and_uncut(void **state)
{
    (void)state;
    struct hub *h = new_hub(2, 1, 16);
    learn_all(h);
    run_ok(h, "cut 1>2");
    send_to_node(h, 1, 2, 1, 0);
    assert_int_equal(sink.count, 0);
    send_to_node(h, 2, 1, 2, 0);
    assert_int_equal(sink.count, 1);
    run_ok(h, "uncut 1-2");
    send_to_node(h, 1, 2, 3, 0);
    assert_int_equal(sink.count, 2);
    hub_free(h);
}

static void drop_all_none_and_half(void **state)
{
    (void)state;
    struct hub *h = new_hub(2, 42, 16);
    learn_all(h);
    run_ok(h, "drop 100");
    for (uint32_t i = 0; i < 100; i++) {
        send_to_node(h, 1, 2, i, 0);
    }
    assert_int_equal(sink.count, 0);
    assert_int_equal(h->stats[1].dropped, 100);
    run_ok(h, "drop 0");
    for (uint32_t i = 0; i < 100; i++) {
        send_to_node(h, 1, 2, i, 0);
    }
    assert_int_equal(sink.count, 100);
    sink.count = 0;
    run_ok(h, "drop 50 on 1>2");
    for (uint32_t i = 0; i < 10000; i++) {
        send_to_node(h, 1, 2, i, 0);
    }
    assert_in_range(sink.count, 4500, 5500);
    hub_free(h);
}

/* The ids that got through link 1>2 out of `frames`, with traffic on 1>3
 * interleaved when `noise` is set. */
static size_t survivors(uint64_t seed, bool noise, uint32_t *ids, size_t frames)
{
    struct hub *h = new_hub(3, seed, 16);
    learn_all(h);
    run_ok(h, "drop 30");
    for (uint32_t i = 0; i < frames; i++) {
        if (noise) {
            send_to_node(h, 1, 3, 100000u + i, 0);
            send_to_node(h, 3, 2, 200000u + i, 0);
        }
        send_to_node(h, 1, 2, i, 0);
    }
    size_t n = 0;
    for (size_t i = 0; i < sink.count; i++) {
        if (sink.got[i].port == 2 && sink.got[i].id < 100000u) {
            ids[n++] = sink.got[i].id;
        }
    }
    hub_free(h);
    return n;
}

static void drops_are_deterministic_per_link(void **state)
{
    (void)state;
    static uint32_t a[2000], b[2000], c[2000];
    size_t na = survivors(7, false, a, 2000);
    size_t nb = survivors(7, true, b, 2000);
    size_t nc = survivors(8, false, c, 2000);
    assert_int_equal(na, nb); /* same seed: same fate on 1>2, whatever else happens */
    assert_memory_equal(a, b, na * sizeof a[0]);
    assert_true(na != nc || memcmp(a, c, na * sizeof a[0]) != 0); /* another seed: another pattern */
}

static void reseeding_replays_the_same_fates(void **state)
{
    (void)state;
    static uint32_t first[500], second[500];
    struct hub *h = new_hub(2, 3, 16);
    learn_all(h);
    run_ok(h, "drop 40");
    run_ok(h, "seed 99");
    for (uint32_t i = 0; i < 500; i++) {
        send_to_node(h, 1, 2, i, 0);
    }
    size_t n1 = sink.count;
    for (size_t i = 0; i < n1; i++) {
        first[i] = sink.got[i].id;
    }
    sink.count = 0;
    run_ok(h, "seed 99");
    for (uint32_t i = 0; i < 500; i++) {
        send_to_node(h, 1, 2, i, 0);
    }
    assert_int_equal(sink.count, n1);
    for (size_t i = 0; i < n1; i++) {
        second[i] = sink.got[i].id;
    }
    assert_memory_equal(first, second, n1 * sizeof first[0]);
    hub_free(h);
}

static void dup_sends_twice(void **state)
{
    (void)state;
    struct hub *h = new_hub(2, 1, 16);
    learn_all(h);
    hub_reset_stats(h);
    run_ok(h, "dup 100 on 1");
    send_to_node(h, 1, 2, 11, 0);
    assert_int_equal(sink.count, 2);
    assert_int_equal(sink.got[0].id, 11);
    assert_int_equal(sink.got[1].id, 11);
    assert_int_equal(h->stats[1].duplicated, 1);
    assert_int_equal(h->stats[2].tx, 2);
    hub_free(h);
}

static void delay_holds_frames_until_due_in_order(void **state)
{
    (void)state;
    struct hub *h = new_hub(2, 1, 16);
    learn_all(h);
    run_ok(h, "delay 5 on 1>2");
    send_to_node(h, 1, 2, 1, 1000);
    send_to_node(h, 1, 2, 2, 1000);
    send_to_node(h, 1, 2, 3, 2000);
    send_to_node(h, 2, 1, 4, 2000); /* other direction: not delayed */
    assert_int_equal(sink.count, 1);
    uint64_t when = 0;
    assert_true(hub_next_release(h, &when));
    assert_int_equal(when, 6000);
    hub_release_due(h, 5999);
    assert_int_equal(sink.count, 1);
    hub_release_due(h, 6000);
    assert_int_equal(sink.count, 3);
    assert_int_equal(sink.got[1].id, 1);
    assert_int_equal(sink.got[2].id, 2);
    hub_release_due(h, 7000);
    assert_int_equal(sink.count, 4);
    assert_int_equal(sink.got[3].id, 3);
    assert_false(hub_next_release(h, &when));
    assert_int_equal(h->stats[1].delayed, 3);
    hub_free(h);
}

static void jitter_stays_within_bounds(void **state)
{
    (void)state;
    struct hub *h = new_hub(2, 5, 64);
    learn_all(h);
    run_ok(h, "delay 1 jitter 2 on 1>2");
    for (uint32_t i = 0; i < 50; i++) {
        send_to_node(h, 1, 2, i, 0);
    }
    hub_release_due(h, 999);
    assert_int_equal(sink.count, 0);
    hub_release_due(h, 3000);
    assert_int_equal(sink.count, 50);
    hub_free(h);
}

static void a_full_delay_queue_drops_and_counts(void **state)
{
    (void)state;
    struct hub *h = new_hub(2, 1, 2);
    learn_all(h);
    run_ok(h, "delay 10");
    for (uint32_t i = 0; i < 5; i++) {
        send_to_node(h, 1, 2, i, 0);
    }
    assert_int_equal(h->stats[1].delayed, 2);
    assert_int_equal(h->stats[1].dropped, 3);
    hub_release_due(h, 20000);
    assert_int_equal(sink.count, 2);
    hub_free(h);
}

static void refused_deliveries_are_send_errors(void **state)
{
    (void)state;
    struct hub *h = new_hub(3, 1, 16);
    sink.refuse_port[3] = true;
    send_frame(h, 1, 1, BROADCAST, 1, 0);
    assert_int_equal(h->stats[2].tx, 1);
    assert_int_equal(h->stats[3].tx, 0);
    assert_int_equal(h->stats[3].send_errors, 1);
    hub_free(h);
}

static void commands_report_usage_errors(void **state)
{
    (void)state;
    struct hub *h = new_hub(3, 1, 16);
    struct hub_text reply = { 0 };
    const char *bad[] = { "bogus", "drop 150", "drop abc", "drop 10 on 1>1", "drop 10 on 9", "drop 10 to 1",
                          "isolate 4", "isolate 0", "partition 1,2 2,3", "partition 1,x", "cut 1", "cut 1-7",
                          "delay -1", "delay 5 jitter", "seed x", "stats 9", "", "ports 3" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (run(h, bad[i], &reply) != HUB_CMD_ERROR) {
            fail_msg("'%s' was accepted: %s", bad[i], reply.buf);
        }
        assert_non_null(strstr(reply.buf, "error: "));
        assert_non_null(strchr(reply.buf, '\n'));
    }
    assert_int_equal(run(h, "drop 10 to 1", &reply), HUB_CMD_ERROR);
    assert_non_null(strstr(reply.buf, "usage"));
    hub_text_free(&reply);
    hub_free(h);
}

static void stats_rules_macs_and_quit_replies(void **state)
{
    (void)state;
    struct hub *h = new_hub(3, 1, 16);
    struct hub_text reply = { 0 };
    learn_all(h);
    assert_int_equal(run(h, "stats", &reply), HUB_CMD_OK);
    assert_non_null(strstr(reply.buf, "port 1 rx=1 tx=2 flooded=1 blocked=0"));
    assert_non_null(strstr(reply.buf, "port 3 rx=1"));
    assert_non_null(strstr(reply.buf, "\nok\n"));
    assert_int_equal(run(h, "macs", &reply), HUB_CMD_OK);
    assert_non_null(strstr(reply.buf, "mac 02:00:00:00:00:02 port 2\n"));
    run_ok(h, "delay 2.5 jitter 0.5 on 1>3");
    run_ok(h, "drop 12.5 on 2-3");
    assert_int_equal(run(h, "rules", &reply), HUB_CMD_OK);
    assert_non_null(strstr(reply.buf, "link 1>3 blocked=0 drop_ppm=0 dup_ppm=0 delay_us=2500 jitter_us=500\n"));
    assert_non_null(strstr(reply.buf, "link 3>2 blocked=0 drop_ppm=125000"));
    run_ok(h, "clear");
    assert_int_equal(run(h, "rules", &reply), HUB_CMD_OK);
    assert_string_equal(reply.buf, "ok\n");
    run_ok(h, "reset-stats");
    assert_int_equal(run(h, "stats 2", &reply), HUB_CMD_OK);
    assert_string_equal(reply.buf, "port 2 rx=0 tx=0 flooded=0 blocked=0 dropped=0 duplicated=0 delayed=0 "
                                   "send_errors=0 malformed=0\nok\n");
    assert_int_equal(run(h, "quit", &reply), HUB_CMD_QUIT);
    hub_text_free(&reply);
    hub_free(h);
}

static void decimal_parser(void **state)
{
    (void)state;
    uint64_t v = 0;
    assert_true(hub_parse_decimal("12.5", 10000, &v));
    assert_int_equal(v, 125000);
    assert_true(hub_parse_decimal("100%", 10000, &v));
    assert_int_equal(v, 1000000);
    assert_true(hub_parse_decimal("0.001", 1000, &v));
    assert_int_equal(v, 1);
    assert_false(hub_parse_decimal("1.", 1000, &v));
    assert_false(hub_parse_decimal(".5", 1000, &v));
    assert_false(hub_parse_decimal("1.2.3", 1000, &v));
    assert_false(hub_parse_decimal("99999999999", 1000, &v));
    assert_false(hub_parse_decimal("0.0000001", 1000, &v));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(broadcast_floods_to_all_other_ports),
        cmocka_unit_test(learned_unicast_goes_to_one_port_unknown_floods),
        cmocka_unit_test(unicast_to_the_ingress_port_is_filtered),
        cmocka_unit_test(a_mac_that_moves_is_relearned),
        cmocka_unit_test(learned_macs_age_out),
        cmocka_unit_test(malformed_frames_are_counted_not_forwarded),
        cmocka_unit_test(isolate_blocks_both_directions_and_heal_restores),
        cmocka_unit_test(partition_splits_groups_and_isolates_unnamed_ports),
        cmocka_unit_test(cut_one_way_and_uncut),
        cmocka_unit_test(drop_all_none_and_half),
        cmocka_unit_test(drops_are_deterministic_per_link),
        cmocka_unit_test(reseeding_replays_the_same_fates),
        cmocka_unit_test(dup_sends_twice),
        cmocka_unit_test(delay_holds_frames_until_due_in_order),
        cmocka_unit_test(jitter_stays_within_bounds),
        cmocka_unit_test(a_full_delay_queue_drops_and_counts),
        cmocka_unit_test(refused_deliveries_are_send_errors),
        cmocka_unit_test(commands_report_usage_errors),
        cmocka_unit_test(stats_rules_macs_and_quit_replies),
        cmocka_unit_test(decimal_parser),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
