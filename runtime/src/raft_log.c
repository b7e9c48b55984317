/*
 * raft_log.c — fixed-capacity log window. Payloads lie back to back in a
 * byte ring of RAFT_LOG_RING_BYTES: entry k starts where entry k-1 ends
 * (modulo the ring), so a slot keeps only its start position and the length
 * is the distance to the next start (or to `end` for the newest entry). An
 * entry that crosses the ring's end is still written in one piece: it runs
 * on into the arena's last RAFT_MAX_ENTRY_SIZE bytes, and the ring positions
 * it covers after the wrap stay reserved until it is dropped. The ring never
 * fills completely (one byte stays free), so a distance of 0 always means
 * "empty", never "full".
 */
#include <string.h>

#include "raft_log.h"

#define SLOT_TYPE_BITS 2u
#define SLOT_TYPE_MASK 3u
#define RING ((uint32_t)RAFT_LOG_RING_BYTES)

static uint32_t slot_pos(const struct raft_log_slot *s) { return s->pos_type >> SLOT_TYPE_BITS; }

/* Bytes from ring position `from` forward to `to`. */
static uint32_t ring_distance(uint32_t from, uint32_t to) { return to >= from ? to - from : RING - from + to; }

static const struct raft_log_slot *slot_at(const struct raft_log *l, uint16_t pos)
{
    return &l->slots[(l->head + pos) % RAFT_LOG_CAPACITY];
}

/* Ring position where the entry after slot `pos` starts. */
static uint32_t end_of(const struct raft_log *l, uint16_t pos)
{
    return (uint32_t)pos + 1u < l->count ? slot_pos(slot_at(l, (uint16_t)(pos + 1u))) : l->end;
}

void raft_log_init(struct raft_log *l) { raft_log_reset(l, 0, 0); }

void raft_log_reset(struct raft_log *l, raft_index_t index, raft_term_t term)
{
    l->snap_index = index;
    l->snap_term = term;
    l->head = 0;
    l->count = 0;
    l->end = 0;
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
    uint16_t pos = (uint16_t)(index - l->snap_index - 1);
    const struct raft_log_slot *s = slot_at(l, pos);
    uint32_t start = slot_pos(s);
    out->term = s->term;
    out->type = (uint8_t)(s->pos_type & SLOT_TYPE_MASK);
    out->len = (uint16_t)ring_distance(start, end_of(l, pos));
    out->data = &l->arena[start];
    return true;
}

uint32_t raft_log_bytes_used(const struct raft_log *l)
{
    return l->count ? ring_distance(slot_pos(slot_at(l, 0)), l->end) : 0;
}

bool raft_log_fits(const struct raft_log *l, uint16_t len)
{
    return l->count < RAFT_LOG_CAPACITY && len <= RAFT_MAX_ENTRY_SIZE && raft_log_bytes_used(l) + len < RING;
}

bool raft_log_append(struct raft_log *l, raft_term_t term, uint8_t type, const uint8_t *data, uint16_t len)
{
    if (!raft_log_fits(l, len))
        return false;
    uint32_t start = l->end;
    struct raft_log_slot *s = &l->slots[(l->head + l->count) % RAFT_LOG_CAPACITY];
    s->term = term;
    s->pos_type = (start << SLOT_TYPE_BITS) | (type & SLOT_TYPE_MASK);
    if (len)
        memcpy(&l->arena[start], data, len); /* start + len <= RING - 1 + RAFT_MAX_ENTRY_SIZE */
    l->end = start + len >= RING ? start + len - RING : start + len;
    l->count++;
    return true;
}

void raft_log_truncate(struct raft_log *l, raft_index_t from)
{
    if (from <= l->snap_index)
        from = l->snap_index + 1;
    if (from <= raft_log_last_index(l)) {
        uint16_t keep = (uint16_t)(from - l->snap_index - 1);
        l->end = slot_pos(slot_at(l, keep));
        l->count = keep;
    }
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
