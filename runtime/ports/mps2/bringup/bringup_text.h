/* bringup_text.h — tiny text helpers for the bring-up firmware (no printf:
 * newlib's vsnprintf alone would cost ~12 KB of flash). */
#ifndef BRINGUP_TEXT_H
#define BRINGUP_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A bounded line being built; appends past the end are dropped, and the text
 * stays NUL-terminated. */
struct text_line {
    char buf[320];
    size_t len;
};

void text_reset(struct text_line *line);
void text_add(struct text_line *line, const char *text);
void text_add_u64(struct text_line *line, uint64_t value);
/* " key=value" */
void text_add_field(struct text_line *line, const char *key, uint64_t value);

/* If `text` starts with `word` followed by a space or the end, returns the
 * rest after the space(s); else NULL. */
const char *text_after_word(const char *text, const char *word);
/* Parses a decimal number at *cursor (skipping spaces), advancing it. */
bool text_take_u32(const char **cursor, uint32_t *value);

#endif /* BRINGUP_TEXT_H */
