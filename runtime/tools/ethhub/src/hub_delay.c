/* hub_delay.c — the delay queue: a binary min-heap over preallocated slots. */
#include "hub_delay.h"

#include <stdlib.h>
#include <string.h>

bool hub_delay_init(struct hub_delay *q, size_t capacity)
{
    memset(q, 0, sizeof *q);
    q->slots = calloc(capacity, sizeof *q->slots);
    q->heap = calloc(capacity, sizeof *q->heap);
    q->free_slots = calloc(capacity, sizeof *q->free_slots);
    if (capacity > 0 && (q->slots == NULL || q->heap == NULL || q->free_slots == NULL)) {
        hub_delay_free(q);
        return false;
    }
    q->capacity = capacity;
    for (size_t i = 0; i < capacity; i++) {
        q->free_slots[i] = (uint32_t)(capacity - 1u - i);
    }
    q->free_count = capacity;
    return true;
}

void hub_delay_free(struct hub_delay *q)
{
    free(q->slots);
    free(q->heap);
    free(q->free_slots);
    memset(q, 0, sizeof *q);
}

static bool earlier(const struct hub_delay *q, uint32_t a, uint32_t b)
{
    const struct hub_delayed_frame *x = &q->slots[a], *y = &q->slots[b];
    return x->release_us < y->release_us || (x->release_us == y->release_us && x->seq < y->seq);
}

static void swap(uint32_t *a, uint32_t *b)
{
    uint32_t t = *a;
    *a = *b;
    *b = t;
}

bool hub_delay_push(struct hub_delay *q, unsigned port, const uint8_t *frame, size_t len, uint64_t release_us)
{
    if (q->free_count == 0 || len > HUB_MAX_FRAME) {
        return false;
    }
    uint32_t slot = q->free_slots[--q->free_count];
    struct hub_delayed_frame *d = &q->slots[slot];
    d->release_us = release_us;
    d->seq = q->next_seq++;
    d->port = port;
    d->len = len;
    memcpy(d->data, frame, len);
    size_t i = q->count++;
    q->heap[i] = slot;
    while (i > 0) {
        size_t parent = (i - 1u) / 2u;
        if (!earlier(q, q->heap[i], q->heap[parent])) {
            break;
        }
        swap(&q->heap[i], &q->heap[parent]);
        i = parent;
    }
    return true;
}

bool hub_delay_next(const struct hub_delay *q, uint64_t *release_us)
{
    if (q->count == 0) {
        return false;
    }
    *release_us = q->slots[q->heap[0]].release_us;
    return true;
}

const struct hub_delayed_frame *hub_delay_pop_due(struct hub_delay *q, uint64_t now_us)
{
    if (q->count == 0 || q->slots[q->heap[0]].release_us > now_us) {
        return NULL;
    }
    uint32_t top = q->heap[0];
    q->heap[0] = q->heap[--q->count];
    size_t i = 0;
    for (;;) {
        size_t left = 2u * i + 1u, right = left + 1u, best = i;
        if (left < q->count && earlier(q, q->heap[left], q->heap[best])) {
            best = left;
        }
        if (right < q->count && earlier(q, q->heap[right], q->heap[best])) {
            best = right;
        }
        if (best == i) {
            break;
        }
        swap(&q->heap[i], &q->heap[best]);
        i = best;
    }
    q->free_slots[q->free_count++] = top; /* data stays valid until the next push */
    return &q->slots[top];
}
