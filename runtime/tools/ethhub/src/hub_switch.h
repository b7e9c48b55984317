/* hub_switch.h — the learning part of the Ethernet hub: which port a MAC
 * address was last seen on, and where a frame must go (one port, or flooded to
 * every other port for broadcast, multicast and unknown destinations). */
#ifndef HUB_SWITCH_H
#define HUB_SWITCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HUB_MAX_PORTS 64u          /* ports are numbered 1..HUB_MAX_PORTS */
#define HUB_MAC_TABLE_SIZE 1024u
#define HUB_MAC_AGE_US (300ull * 1000000ull) /* forget a MAC not seen for 5 minutes */

typedef uint64_t hub_port_set; /* bit (p - 1) = port p */

struct hub_mac_entry {
    uint8_t mac[6];
    uint8_t port;        /* 0 = free slot */
    uint64_t seen_us;
};

struct hub_switch {
    unsigned ports;
    struct hub_mac_entry table[HUB_MAC_TABLE_SIZE];
};

void hub_switch_init(struct hub_switch *sw, unsigned ports);

/* Records that `src_mac` lives behind `port` (a frame came from it). */
void hub_switch_learn(struct hub_switch *sw, const uint8_t src_mac[6], unsigned port, uint64_t now_us);

/* Ports a frame from `in_port` to `dst_mac` goes to; *flooded tells whether
 * the destination was unknown/broadcast/multicast. Never includes in_port. */
hub_port_set hub_switch_route(const struct hub_switch *sw, const uint8_t dst_mac[6], unsigned in_port,
                              uint64_t now_us, bool *flooded);

/* The learned entry for `mac`, or 0 when unknown (or aged out). */
unsigned hub_switch_lookup(const struct hub_switch *sw, const uint8_t mac[6], uint64_t now_us);

/* Forgets every learned address (e.g. between test phases). */
void hub_switch_forget(struct hub_switch *sw);

#endif /* HUB_SWITCH_H */
