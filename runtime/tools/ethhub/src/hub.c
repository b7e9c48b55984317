/* hub.c — frame path: learn, route, apply each link's fate, deliver or queue. */
#include "hub.h"

#include <string.h>

bool hub_init(struct hub *h, unsigned ports, uint64_t seed, size_t max_delayed, hub_send_fn send,
              void *send_ctx)
{
    memset(h, 0, sizeof *h);
    if (ports == 0u || ports > HUB_MAX_PORTS || !hub_delay_init(&h->delay, max_delayed)) {
        return false;
    }
    h->ports = ports;
    hub_switch_init(&h->sw, ports);
    hub_faults_init(&h->faults, ports, seed);
    h->send = send;
    h->send_ctx = send_ctx;
    return true;
}

void hub_free(struct hub *h)
{
    hub_delay_free(&h->delay);
}

void hub_reset_stats(struct hub *h)
{
    memset(h->stats, 0, sizeof h->stats);
}

static void deliver(struct hub *h, unsigned port, const uint8_t *frame, size_t len)
{
    if (h->send(h->send_ctx, port, frame, len)) {
        h->stats[port].tx++;
    } else {
        h->stats[port].send_errors++;
    }
}

static void forward_copy(struct hub *h, unsigned from, unsigned to, const uint8_t *frame, size_t len,
                         uint64_t now_us)
{
    struct hub_fate fate = hub_faults_decide(&h->faults, from, to);
    struct hub_port_stats *s = &h->stats[from];
    if (fate.verdict == HUB_BLOCKED) {
        s->blocked++;
        return;
    }
    if (fate.verdict == HUB_DROPPED) {
        s->dropped++;
        return;
    }
    if (fate.copies > 1u) {
        s->duplicated += fate.copies - 1u;
    }
    for (unsigned c = 0; c < fate.copies; c++) {
        if (fate.delay_us == 0u) {
            deliver(h, to, frame, len);
        } else if (hub_delay_push(&h->delay, to, frame, len, now_us + fate.delay_us)) {
            s->delayed++;
        } else {
            s->dropped++; /* delay queue full */
        }
    }
}

void hub_ingress(struct hub *h, unsigned port, const uint8_t *frame, size_t len, uint64_t now_us)
{
    if (port == 0u || port > h->ports) {
        return;
    }
    struct hub_port_stats *s = &h->stats[port];
    if (len < HUB_MIN_FRAME || len > HUB_MAX_FRAME) {
        s->malformed++;
        return;
    }
    s->rx++;
    const uint8_t *dst = frame, *src = frame + 6;
    hub_switch_learn(&h->sw, src, port, now_us);
    bool flooded = false;
    hub_port_set targets = hub_switch_route(&h->sw, dst, port, now_us, &flooded);
    if (flooded) {
        s->flooded++;
    }
    for (unsigned to = 1; to <= h->ports; to++) {
        if ((targets & ((hub_port_set)1 << (to - 1u))) != 0u) {
            forward_copy(h, port, to, frame, len, now_us);
        }
    }
}

void hub_release_due(struct hub *h, uint64_t now_us)
{
    const struct hub_delayed_frame *d;
    while ((d = hub_delay_pop_due(&h->delay, now_us)) != NULL) {
        deliver(h, d->port, d->data, d->len);
    }
}

bool hub_next_release(const struct hub *h, uint64_t *when_us)
{
    return hub_delay_next(&h->delay, when_us);
}
