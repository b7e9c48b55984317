/* test_cmdline.c — the semihosting command line parser (host build, ASan+UBSan). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "mps2/mps2_semihost.h"

static void finds_a_key_among_others(void **state)
{
    (void)state;
    uint32_t v = 0;
    assert_int_equal(mps2_cmdline_u32("node=3 mode=x", "node", &v), 0);
    assert_int_equal(v, 3);
    assert_int_equal(mps2_cmdline_u32("mode=x  nodes=5\tnode=12", "node", &v), 0);
    assert_int_equal(v, 12);
    assert_int_equal(mps2_cmdline_u32("nodes=5 node=12", "nodes", &v), 0);
    assert_int_equal(v, 5);
}

static void rejects_missing_empty_and_malformed_values(void **state)
{
    (void)state;
    uint32_t v = 77;
    assert_int_equal(mps2_cmdline_u32("", "node", &v), -1);
    assert_int_equal(mps2_cmdline_u32("nodes=3", "node", &v), -1);
    assert_int_equal(mps2_cmdline_u32("node=", "node", &v), -1);
    assert_int_equal(mps2_cmdline_u32("node=3x", "node", &v), -1);
    assert_int_equal(mps2_cmdline_u32("node=-1", "node", &v), -1);
    assert_int_equal(mps2_cmdline_u32("node=2147483648", "node", &v), -1);
    assert_int_equal(mps2_cmdline_u32("node=99999999999", "node", &v), -1);
    assert_int_equal(mps2_cmdline_u32("xnode=4", "node", &v), -1);
    assert_int_equal(v, 77); /* untouched on failure */
    assert_int_equal(mps2_cmdline_u32("node=2147483647", "node", &v), 0);
    assert_int_equal(v, 2147483647u);
}

static void matches_whole_words_only(void **state)
{
    (void)state;
    assert_true(mps2_cmdline_has("node=1 arp=dynamic", "arp=dynamic"));
    assert_true(mps2_cmdline_has("arp=dynamic", "arp=dynamic"));
    assert_false(mps2_cmdline_has("arp=dynamically", "arp=dynamic"));
    assert_false(mps2_cmdline_has("xarp=dynamic", "arp=dynamic"));
    assert_false(mps2_cmdline_has("", "arp=dynamic"));
    assert_false(mps2_cmdline_has("a b", ""));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(finds_a_key_among_others),
        cmocka_unit_test(rejects_missing_empty_and_malformed_values),
        cmocka_unit_test(matches_whole_words_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
