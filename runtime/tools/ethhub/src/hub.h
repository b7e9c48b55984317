/* hub.h — one virtual Ethernet segment: frames in from a port, out to ports,
 * through the learning switch and the fault rules. No I/O here: the caller
 * feeds frames and time in and gets deliveries out through a callback, so the
 * core is tested without sockets or QEMU. */
#ifndef HUB_H
#define HUB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hub_delay.h"
#include "hub_faults.h"
#include "hub_switch.h"

#define HUB_MIN_FRAME 14u /* an Ethernet header */

/* Counters per port. "from" counters are charged to the port the frame came
 * from (per destination it was meant for); "to" counters to the receiving port. */
struct hub_port_stats {
    uint64_t rx;          /* frames received from this port's node */
    uint64_t tx;          /* frames handed to this port's node */
    uint64_t flooded;     /* frames from this port sent to every other port */
    uint64_t blocked;     /* from: copies stopped by isolate/partition/cut */
    uint64_t dropped;     /* from: copies lost by a drop rule or a full delay queue */
    uint64_t duplicated;  /* from: extra copies made by a dup rule */
    uint64_t delayed;     /* from: copies held back by a delay rule */
    uint64_t send_errors; /* to: the node's socket refused (not running, full) */
    uint64_t malformed;   /* from: frames shorter than 14 or longer than HUB_MAX_FRAME bytes */
};

/* Hands one frame to a port's node; returns false when that failed. */
typedef bool (*hub_send_fn)(void *ctx, unsigned port, const uint8_t *frame, size_t len);

struct hub {
    unsigned ports;
    struct hub_switch sw;
    struct hub_faults faults;
    struct hub_delay delay;
    struct hub_port_stats stats[HUB_MAX_PORTS + 1u]; /* [0] unused */
    hub_send_fn send;
    void *send_ctx;
};

/* ports: 1..HUB_MAX_PORTS. Returns false when out of memory or ports invalid. */
bool hub_init(struct hub *h, unsigned ports, uint64_t seed, size_t max_delayed, hub_send_fn send,
              void *send_ctx);
void hub_free(struct hub *h);

/* A frame arrived from `port` at time now_us. */
void hub_ingress(struct hub *h, unsigned port, const uint8_t *frame, size_t len, uint64_t now_us);

/* Delivers every delayed frame due at now_us. */
void hub_release_due(struct hub *h, uint64_t now_us);

/* When the next delayed frame is due (false: none waits). */
bool hub_next_release(const struct hub *h, uint64_t *when_us);

void hub_reset_stats(struct hub *h);

#endif /* HUB_H */
