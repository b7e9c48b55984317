/*
 * raft_log.c — fixed-capacity log window. Payloads are allocated
 * contiguously in a ring arena: a new entry goes after the newest one, or at
 * offset 0 when it does not fit before the end. Every entry takes at least
 * one byte so that "newest offset < oldest offset" always means wrapped.
 */
#include <string.h>

#include "raft_log.h"

#define SLOT_TYPE_BITS 2u
#define SLOT_TYPE_MASK 3u

static uint16_t slot_len(const struct raft_log_slot *s) { return (uint16_t)(s->len_type >> SLOT_TYPE_BITS); }
static uint16_t slot_size(const struct raft_log_slot *s)
{
    uint16_t len = slot_len(s);
    return len ? len : 1u;
}

static const struct raft_log_slot *slot_at(const struct raft_log *l, uint16_t pos)
{
    return &l->slots[(l->head + pos) % RAFT_LOG_CAPACITY];
}

void raft_log_init(struct raft_log *l) { raft_log_reset(l, 0, 0); }

void raft_log_reset(struct raft_log *l, raft_index_t index, raft_term_t term)
{
    l->snap_index = index;
    l->snap_term = term;
    l->head = 0;
    l->count = 0;
}

raft_term_t raft_log_last_term(const struct raft_log *l)
{
    return l->count ? slot_at(l, (uint16_t)(l->count - 1))->term : l->snap_term;
}

bool raft_log_term_at(const struct raft_log *l, raft_index_t index, raft_term_t *term)
{
    if (index == l->snap_index) {
        *term = l->snap_term;
        return true;
    }
    if (index < l->snap_index || index > raft_log_last_index(l))
        return false;
    *term = slot_at(l, (uint16_t)(index - l->snap_index - 1))->term;
    return true;
}

bool raft_log_entry(const struct raft_log *l, raft_index_t index, struct raft_entry_view *out)
{
    if (index <= l->snap_index || index > raft_log_last_index(l))
        return false;
    const struct raft_log_slot *s = slot_at(l, (uint16_t)(index - l->snap_index - 1));
    out->term = s->term;
    out->type = (uint8_t)(s->len_type & SLOT_TYPE_MASK);
    out->len = slot_len(s);
    out->data = &l->arena[s->off];
    return true;
}

/* Where a payload of `size` bytes would go, or -1. */
static int32_t arena_place(const struct raft_log *l, uint32_t size) /* 32-bit: the arena may be 65535 B */
{
    if (l->count == 0)
        return size <= RAFT_LOG_ARENA_SIZE ? 0 : -1;
    const struct raft_log_slot *first = slot_at(l, 0);
    const struct raft_log_slot *last = slot_at(l, (uint16_t)(l->count - 1));
    uint32_t end = (uint32_t)last->off + slot_size(last);
    if (last->off >= first->off) { /* not wrapped: free space after end, then before first */
        if (end + size <= RAFT_LOG_ARENA_SIZE)
            return (int32_t)end;
        return size <= first->off ? 0 : -1;
    }
    return end + size <= first->off ? (int32_t)end : -1; /* wrapped: only the gap */
}

bool raft_log_fits(const struct raft_log *l, uint16_t len)
{
    return l->count < RAFT_LOG_CAPACITY && len <= RAFT_MAX_ENTRY_SIZE && arena_place(l, len ? len : 1u) >= 0;
}

uint32_t raft_log_bytes_used(const struct raft_log *l)
{
    if (l->count == 0)
        return 0;
    const struct raft_log_slot *first = slot_at(l, 0);
    const struct raft_log_slot *last = slot_at(l, (uint16_t)(l->count - 1));
    uint32_t end = (uint32_t)last->off + slot_size(last);
    if (last->off >= first->off)
        return end - first->off;
    return (RAFT_LOG_ARENA_SIZE - first->off) + end;
}

bool raft_log_append(struct raft_log *l, raft_term_t term, uint8_t type, const uint8_t *data, uint16_t len)
{
    if (!raft_log_fits(l, len))
        return false;
    int32_t off = arena_place(l, len ? len : 1u);
    struct raft_log_slot *s = &l->slots[(l->head + l->count) % RAFT_LOG_CAPACITY];
    s->term = term;
    s->off = (uint16_t)off;
    s->len_type = (uint16_t)((len << SLOT_TYPE_BITS) | (type & SLOT_TYPE_MASK));
    if (len)
        memcpy(&l->arena[off], data, len);
    l->count++;
    return true;
}

void raft_log_truncate(struct raft_log *l, raft_index_t from)
{
    if (from <= l->snap_index)
        from = l->snap_index + 1;
    if (from <= raft_log_last_index(l))
        l->count = (uint16_t)(from - l->snap_index - 1);
}

void raft_log_compact(struct raft_log *l, raft_index_t upto)
{
    if (upto <= l->snap_index)
        return;
    if (upto >= raft_log_last_index(l)) {
        raft_term_t term = raft_log_last_term(l);
        if (upto == raft_log_last_index(l))
            raft_log_reset(l, upto, term);
        return;
    }
    raft_term_t term;
    raft_log_term_at(l, upto, &term);
    uint16_t drop = (uint16_t)(upto - l->snap_index);
    l->head = (uint16_t)((l->head + drop) % RAFT_LOG_CAPACITY);
    l->count = (uint16_t)(l->count - drop);
    l->snap_index = upto;
    l->snap_term = term;
}
