/* bringup_text.c — see bringup_text.h. */
#include "bringup_text.h"

#include <string.h>

void text_reset(struct text_line *line)
{
    line->len = 0;
    line->buf[0] = '\0';
}

void text_add(struct text_line *line, const char *text)
{
    while (*text != '\0' && line->len + 1u < sizeof line->buf) {
        line->buf[line->len++] = *text++;
    }
    line->buf[line->len] = '\0';
}

/* By subtracting powers of ten: no 64-bit division, so no libgcc helper. */
void text_add_u64(struct text_line *line, uint64_t value)
{
    char text[21];
    size_t n = 0;
    static const uint64_t powers[20] = {
        10000000000000000000ull, 1000000000000000000ull, 100000000000000000ull, 10000000000000000ull,
        1000000000000000ull, 100000000000000ull, 10000000000000ull, 1000000000000ull, 100000000000ull,
        10000000000ull, 1000000000ull, 100000000ull, 10000000ull, 1000000ull, 100000ull, 10000ull, 1000ull,
        100ull, 10ull, 1ull
    };
    for (int i = 0; i < 20; i++) {
        uint64_t power = powers[i];
        int digits = 20 - i;
        char d = '0';
        while (value >= power) {
            value -= power;
            d++;
        }
        if (d != '0' || n > 0u || digits == 1) {
            text[n++] = d;
        }
    }
    text[n] = '\0';
    text_add(line, text);
}

void text_add_field(struct text_line *line, const char *key, uint64_t value)
{
    text_add(line, " ");
    text_add(line, key);
    text_add(line, "=");
    text_add_u64(line, value);
}

const char *text_after_word(const char *text, const char *word)
{
    size_t n = strlen(word);
    if (strncmp(text, word, n) != 0 || (text[n] != '\0' && text[n] != ' ')) {
        return NULL;
    }
    text += n;
    while (*text == ' ') {
        text++;
    }
    return text;
}

bool text_take_u32(const char **cursor, uint32_t *value)
{
    const char *p = *cursor;
    while (*p == ' ') {
        p++;
    }
    if (*p < '0' || *p > '9') {
        return false;
    }
    uint64_t acc = 0;
    while (*p >= '0' && *p <= '9') {
        acc = acc * 10u + (uint64_t)(*p - '0');
        if (acc > 0xFFFFFFFFu) {
            return false;
        }
        p++;
    }
    *value = (uint32_t)acc;
    *cursor = p;
    return true;
}
