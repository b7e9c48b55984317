/* mps2_cmdline.c — reads `key=value` items from the semihosting command line.
 * Pure text handling, so it is also compiled into the host tests. */
#include "mps2/mps2_semihost.h"

#include <stdbool.h>
#include <string.h>

static bool is_space(char c)
{
    return c == ' ' || c == '\t';
}

int32_t mps2_cmdline_u32(const char *cmdline, const char *key, uint32_t *value)
{
    size_t key_len = strlen(key);
    const char *p = cmdline;
    while (*p != '\0') {
        while (is_space(*p)) {
            p++;
        }
        const char *item = p;
        while (*p != '\0' && !is_space(*p)) {
            p++;
        }
        size_t item_len = (size_t)(p - item);
        if (item_len <= key_len || memcmp(item, key, key_len) != 0 || item[key_len] != '=') {
            continue;
        }
        const char *digits = item + key_len + 1;
        size_t n_digits = item_len - key_len - 1;
        if (n_digits == 0 || n_digits > 10) {
            return -1;
        }
        uint64_t acc = 0;
        for (size_t i = 0; i < n_digits; i++) {
            if (digits[i] < '0' || digits[i] > '9') {
                return -1;
            }
            acc = acc * 10u + (uint64_t)(digits[i] - '0');
        }
        if (acc > 0x7FFFFFFFu) {
            return -1;
        }
        *value = (uint32_t)acc;
        return 0;
    }
    return -1;
}

bool mps2_cmdline_has(const char *cmdline, const char *item)
{
    size_t n = strlen(item);
    for (const char *p = cmdline; *p != '\0';) {
        while (is_space(*p)) {
            p++;
        }
        const char *word = p;
        while (*p != '\0' && !is_space(*p)) {
            p++;
        }
        if ((size_t)(p - word) == n && n > 0u && memcmp(word, item, n) == 0) {
            return true;
        }
    }
    return false;
}
