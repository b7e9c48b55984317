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

void text_add_u64(struct text_line *line, uint64_t value)
{
    char digits[21];
    size_t n = 0;
    do {
        digits[n++] = (char)('0' + (int)(value % 10u));
        value /= 10u;
    } while (value != 0u);
    char text[21];
    for (size_t i = 0; i < n; i++) {
        text[i] = digits[n - 1u - i];
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
