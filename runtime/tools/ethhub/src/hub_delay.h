/* hub_delay.h — frames held back by a delay rule, released in order of their
 * release time (ties: in the order they were queued). Fixed capacity, chosen
 * at start; a full queue refuses (the hub then counts the frame as dropped). */
#ifndef HUB_DELAY_H
#define HUB_DELAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HUB_MAX_FRAME 2048u /* the LAN9118 model takes frames < 2048 bytes */

struct hub_delayed_frame {
    uint64_t release_us;
    uint64_t seq;
    unsigned port;
    size_t len;
    uint8_t data[HUB_MAX_FRAME];
};

struct hub_delay {
    size_t capacity;
    size_t count;
    uint64_t next_seq;
    struct hub_delayed_frame *slots; /* capacity frames */
    uint32_t *heap;                  /* slot indices, min-heap on (release_us, seq) */
    uint32_t *free_slots;            /* stack of unused slot indices */
    size_t free_count;
};

/* Allocates room for `capacity` frames; false when out of memory. */
bool hub_delay_init(struct hub_delay *q, size_t capacity);
void hub_delay_free(struct hub_delay *q);

/* Queues a copy of the frame for `port`; false when the queue is full or the
 * frame is larger than HUB_MAX_FRAME. */
bool hub_delay_push(struct hub_delay *q, unsigned port, const uint8_t *frame, size_t len, uint64_t release_us);

/* The earliest release time, if any frame waits. */
bool hub_delay_next(const struct hub_delay *q, uint64_t *release_us);

/* Removes the earliest frame if it is due at `now_us`; returns it (valid until
 * the next push) or NULL. */
const struct hub_delayed_frame *hub_delay_pop_due(struct hub_delay *q, uint64_t now_us);

#endif /* HUB_DELAY_H */
