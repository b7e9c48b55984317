/* test_lincheck.c — known linearizable and non-linearizable key-value histories. */
#define _POSIX_C_SOURCE 200809L /* strdup */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../sim/lincheck.h"

/* Parse a whole text history; fails the test on a parse error. */
static void load(struct lincheck_history *h, const char *text)
{
    lincheck_history_init(h);
    char line[256];
    uint32_t no = 0;
    const char *p = text;
    while (*p != '\0') {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        assert_true(len < sizeof line);
        memcpy(line, p, len);
        line[len] = '\0';
        char err[200];
        if (!lincheck_parse_line(h, line, ++no, err, sizeof err)) {
            fail_msg("%s", err);
        }
        p += len + (nl ? 1 : 0);
    }
}

static bool check_text(const char *text, struct lincheck_result *r)
{
    struct lincheck_history h;
    load(&h, text);
    bool ok = lincheck_check(&h, 0, r);
    lincheck_history_free(&h);
    return ok;
}

static void expect_linearizable(const char *text)
{
    struct lincheck_result r;
    if (!check_text(text, &r)) {
        fail_msg("expected linearizable:\n%s\n%s", text, r.explanation);
    }
    assert_string_equal(r.explanation, "");
}

static void expect_violation(const char *text, const char *mentions)
{
    struct lincheck_result r;
    if (check_text(text, &r)) {
        fail_msg("expected a violation:\n%s", text);
    }
    if (strstr(r.explanation, mentions) == NULL) {
        fail_msg("explanation does not mention '%s':\n%s", mentions, r.explanation);
    }
}

static void sequential_history_is_linearizable(void **state)
{
    (void)state;
    expect_linearizable("# client invoke response op key ...\n"
                        "1 0 10 put x 1\n"
                        "1 20 30 get x value 1\n"
                        "2 40 50 put x 2\n"
                        "1 60 70 get x value 2\n"
                        "2 80 90 del x existed\n"
                        "1 100 110 get x absent\n"
                        "1 120 130 del x absent\n"
                        "\n"
                        "3 0 5 get y absent\n");
    expect_linearizable(""); /* empty history */
}

static void stale_read_is_a_violation(void **state)
{
    (void)state;
    expect_violation("1 0 10 put x 1\n"
                     "1 20 30 put x 2\n"
                     "2 40 50 get x value 1\n",
                     "line 3 client 2 [40, 50] get x -> 1");
}

static void lost_write_is_a_violation(void **state)
{
    (void)state;
    expect_violation("1 0 10 put x 1\n"
                     "2 20 30 get x absent\n",
                     "get x -> absent");
    expect_violation("1 0 10 put k a\n"
                     "1 11 20 put k b\n"
                     "2 30 40 get k value b\n"
                     "3 50 60 get k value a\n",
                     "key k");
}

static void reading_a_value_never_written_is_a_violation(void **state)
{
    (void)state;
    expect_violation("1 0 10 put x 1\n"
                     "2 5 15 get x value 9\n",
                     "get x -> 9");
    expect_violation("2 5 15 get x value %20\n", "get x -> %20");
}

static void concurrent_writes_may_take_either_order(void **state)
{
    (void)state;
    const char *writes = "1 0 50 put x 1\n"
                         "2 10 60 put x 2\n";
    char text[256];
    snprintf(text, sizeof text, "%s3 70 80 get x value 1\n", writes);
    expect_linearizable(text);
    snprintf(text, sizeof text, "%s3 70 80 get x value 2\n", writes);
    expect_linearizable(text);
    /* But not both orders at once. */
    snprintf(text, sizeof text, "%s3 70 80 get x value 1\n4 90 95 get x value 2\n", writes);
    expect_violation(text, "key x");
    /* Reads overlapping the writes may see the old and the new values. */
    expect_linearizable("1 0 100 put x 1\n"
                        "2 10 20 get x absent\n"
                        "3 30 40 get x value 1\n"
                        "2 50 60 get x value 1\n");
    /* ...but never go back once a later read saw the new value. */
    expect_violation("1 0 100 put x 1\n"
                     "3 10 20 get x value 1\n"
                     "2 30 40 get x absent\n",
                     "get x -> absent");
}

static void touching_intervals_are_concurrent(void **state)
{
    (void)state;
    expect_linearizable("1 0 10 put x 1\n"
                        "2 10 20 get x absent\n");
    expect_violation("1 0 10 put x 1\n"
                     "2 11 20 get x absent\n",
                     "absent");
}

static void pending_operations_may_or_may_not_apply(void **state)
{
    (void)state;
    /* A write that never returned may have applied at any point after its call... */
    expect_linearizable("1 0 pending put x 1\n"
                        "2 50 60 get x absent\n"
                        "2 100 110 get x value 1\n");
    /* ...or never. */
    expect_linearizable("1 0 pending put x 1\n"
                        "2 100 110 get x absent\n");
    /* But not before it was invoked, and not undone afterwards. */
    expect_violation("1 50 pending put x 1\n"
                     "2 0 10 get x value 1\n",
                     "get x -> 1");
    expect_violation("1 0 pending put x 1\n"
                     "2 20 30 get x value 1\n"
                     "2 40 50 get x absent\n",
                     "get x -> absent");
    /* A pending read constrains nothing; an unknown delete outcome either. */
    expect_linearizable("1 0 pending get x unknown\n"
                        "2 0 10 put x 1\n"
                        "3 20 30 del x\n"
                        "3 40 50 get x absent\n");
}

static void deletes_are_checked(void **state)
{
    (void)state;
    expect_violation("1 0 10 del x existed\n", "del x -> existed");
    expect_violation("1 0 10 put x 1\n"
                     "1 20 30 del x absent\n",
                     "del x -> absent");
    expect_linearizable("1 0 10 put x 1\n"
                        "1 20 40 del x existed\n"
                        "2 25 35 put x 2\n"
                        "2 50 60 get x value 2\n");
}

static void keys_are_checked_independently(void **state)
{
    (void)state;
    struct lincheck_result r;
    bool ok = check_text("1 0 10 put a 1\n"
                         "2 0 10 put b 1\n"
                         "1 20 30 get a value 1\n"
                         "2 20 30 get b absent\n",
                         &r);
    assert_false(ok);
    assert_non_null(strstr(r.explanation, "key b"));
    assert_null(strstr(r.explanation, "key a"));
    assert_true(r.keys >= 1);
    /* Values are bytes: an empty value differs from an absent key. */
    expect_linearizable("1 0 10 put k %\n1 20 30 get k value %\n");
    expect_violation("1 0 10 put k %\n1 20 30 get k absent\n", "absent");
}

/* An atomic register driven by random clients: each operation takes effect
 * at a random instant inside its interval, so the history is linearizable
 * by construction. Changing one read to a value never written breaks it. */
static void random_linearizable_histories(void **state)
{
    (void)state;
    uint32_t seed = 2024;
    for (int round = 0; round < 30; round++) {
        struct lincheck_history h;
        lincheck_history_init(&h);
        int values[4] = {0, 0, 0, 0}; /* 0 = absent, else value */
        uint64_t now = 0;
        size_t ops = 400;
        /* Generate (invoke, point, response) with overlapping intervals:
         * linearization points are increasing in `now`. */
        for (size_t i = 0; i < ops; i++) {
            seed = seed * 1103515245u + 12345u;
            now += 1 + (seed >> 16) % 5u;
            uint64_t point = now;
            uint64_t invoke = point - (seed >> 8) % (point < 20 ? point + 1 : 20);
            uint64_t response = point + (seed >> 20) % 20u;
            int key = (int)((seed >> 4) % 4u);
            char keyname[2] = {(char)('a' + key), 0};
            struct lincheck_op op;
            memset(&op, 0, sizeof op);
            op.client = 1 + i % 7u;
            op.invoke = invoke;
            op.response = ((seed >> 12) % 50u == 0) ? LINCHECK_PENDING : response;
            op.key = (uint8_t *)keyname;
            op.key_len = 1;
            char value[16];
            uint32_t kind = (seed >> 24) % 3u;
            if (kind == 0) {
                op.kind = LINCHECK_PUT;
                op.outcome = LINCHECK_OK;
                values[key] = (int)i + 1;
                snprintf(value, sizeof value, "%d", values[key]);
                op.value = (uint8_t *)value;
                op.value_len = (uint32_t)strlen(value);
            } else if (kind == 1) {
                op.kind = LINCHECK_GET;
                op.outcome = values[key] ? LINCHECK_OK : LINCHECK_ABSENT;
                snprintf(value, sizeof value, "%d", values[key]);
                op.value = (uint8_t *)value;
                op.value_len = values[key] ? (uint32_t)strlen(value) : 0;
            } else {
                op.kind = LINCHECK_DEL;
                op.outcome = values[key] ? LINCHECK_OK : LINCHECK_ABSENT;
                values[key] = 0;
            }
            if (op.response == LINCHECK_PENDING && op.kind == LINCHECK_GET) {
                op.outcome = LINCHECK_UNKNOWN;
            }
            assert_true(lincheck_history_add(&h, &op));
        }
        struct lincheck_result r;
        if (!lincheck_check(&h, 0, &r)) {
            fail_msg("round %d: %s", round, r.explanation);
        }
        assert_int_equal(r.ops, ops);
        /* Break one completed read. */
        for (size_t i = h.count; i-- > 0;) {
            struct lincheck_op *op = &h.ops[i];
            if (op->kind == LINCHECK_GET && op->outcome != LINCHECK_UNKNOWN) {
                free(op->value);
                op->value = (uint8_t *)strdup("never");
                op->value_len = 5;
                op->outcome = LINCHECK_OK;
                break;
            }
        }
        assert_false(lincheck_check(&h, 0, &r));
        assert_non_null(strstr(r.explanation, "never"));
        lincheck_history_free(&h);
    }
}

static void state_bound_gives_undecided(void **state)
{
    (void)state;
    /* Many concurrent writes of distinct values, then a read of a value
     * nobody wrote: the search must explore many orders to refute it. */
    struct lincheck_history h;
    lincheck_history_init(&h);
    char line[64], err[128];
    for (int i = 0; i < 12; i++) {
        snprintf(line, sizeof line, "%d 0 100 put x v%d", i, i);
        assert_true(lincheck_parse_line(&h, line, (uint32_t)i + 1, err, sizeof err));
    }
    assert_true(lincheck_parse_line(&h, "99 200 300 get x value zzz", 13, err, sizeof err));
    struct lincheck_result r;
    assert_false(lincheck_check(&h, 50, &r));
    assert_non_null(strstr(r.explanation, "undecided"));
    assert_false(lincheck_check(&h, 0, &r));
    assert_non_null(strstr(r.explanation, "none of the orders"));
    print_message("12 concurrent writes refuted after %llu states\n", (unsigned long long)r.states);
    lincheck_history_free(&h);
}

static void parse_errors_name_the_field(void **state)
{
    (void)state;
    const struct {
        const char *line;
        const char *mentions;
    } cases[] = {
        {"x 0 10 put k v", "field 1 (client)"},
        {"1 a 10 put k v", "field 2 (invoke time)"},
        {"1 0 soon put k v", "field 3 (response time)"},
        {"1 20 10 put k v", "before invoke"},
        {"1 0 10 cas k v", "field 4 (operation)"},
        {"1 0 10 put k", "missing field"},
        {"1 0 10 put k v w", "extra field"},
        {"1 0 10 get k", "get needs an outcome"},
        {"1 0 10 get k maybe", "field 6 (get outcome)"},
        {"1 0 10 del k gone", "field 6 (del outcome)"},
        {"1 0 10 put k%zz v", "field 5 (key)"},
        {"1 0 10 put k v%", "value is not"},
        {"1 0", "expected CLIENT"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct lincheck_history h;
        lincheck_history_init(&h);
        char err[200];
        assert_false(lincheck_parse_line(&h, cases[i].line, 7, err, sizeof err));
        if (strstr(err, cases[i].mentions) == NULL || strstr(err, "line 7") == NULL) {
            fail_msg("'%s' gave '%s'", cases[i].line, err);
        }
        assert_int_equal(h.count, 0);
        lincheck_history_free(&h);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sequential_history_is_linearizable),
        cmocka_unit_test(stale_read_is_a_violation),
        cmocka_unit_test(lost_write_is_a_violation),
        cmocka_unit_test(reading_a_value_never_written_is_a_violation),
        cmocka_unit_test(concurrent_writes_may_take_either_order),
        cmocka_unit_test(touching_intervals_are_concurrent),
        cmocka_unit_test(pending_operations_may_or_may_not_apply),
        cmocka_unit_test(deletes_are_checked),
        cmocka_unit_test(keys_are_checked_independently),
        cmocka_unit_test(random_linearizable_histories),
        cmocka_unit_test(state_bound_gives_undecided),
        cmocka_unit_test(parse_errors_name_the_field),
    };
    return cmocka_run_group_tests_name("lincheck", tests, NULL, NULL);
}
