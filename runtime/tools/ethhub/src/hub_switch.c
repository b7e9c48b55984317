/* hub_switch.c — MAC learning table and forwarding decision. */
#include "hub_switch.h"

#include <string.h>

void hub_switch_init(struct hub_switch *sw, unsigned ports)
{
    memset(sw, 0, sizeof *sw);
    sw->ports = ports;
}

void hub_switch_forget(struct hub_switch *sw)
{
    memset(sw->table, 0, sizeof sw->table);
}

static bool is_group_address(const uint8_t mac[6])
{
    return (mac[0] & 1u) != 0u; /* broadcast and multicast */
}

static bool alive(const struct hub_mac_entry *e, uint64_t now_us)
{
    return e->port != 0u && now_us - e->seen_us < HUB_MAC_AGE_US;
}

void hub_switch_learn(struct hub_switch *sw, const uint8_t src_mac[6], unsigned port, uint64_t now_us)
{
    if (is_group_address(src_mac) || port == 0u || port > sw->ports) {
        return; /* a group address is never a source */
    }
    struct hub_mac_entry *free_slot = NULL;
    struct hub_mac_entry *oldest = &sw->table[0];
    for (size_t i = 0; i < HUB_MAC_TABLE_SIZE; i++) {
        struct hub_mac_entry *e = &sw->table[i];
        if (e->port != 0u && memcmp(e->mac, src_mac, 6) == 0) {
            e->port = (uint8_t)port; /* a node may come back on another port */
            e->seen_us = now_us;
            return;
        }
        if (e->port == 0u && free_slot == NULL) {
            free_slot = e;
        }
        if (e->seen_us < oldest->seen_us) {
            oldest = e;
        }
    }
    struct hub_mac_entry *slot = free_slot != NULL ? free_slot : oldest;
    memcpy(slot->mac, src_mac, 6);
    slot->port = (uint8_t)port;
    slot->seen_us = now_us;
}

unsigned hub_switch_lookup(const struct hub_switch *sw, const uint8_t mac[6], uint64_t now_us)
{
    for (size_t i = 0; i < HUB_MAC_TABLE_SIZE; i++) {
        const struct hub_mac_entry *e = &sw->table[i];
        if (alive(e, now_us) && memcmp(e->mac, mac, 6) == 0) {
            return e->port;
        }
    }
    return 0;
}

static hub_port_set all_ports(unsigned ports)
{
    return ports >= 64u ? ~(hub_port_set)0 : (((hub_port_set)1 << ports) - 1u);
}

hub_port_set hub_switch_route(const struct hub_switch *sw, const uint8_t dst_mac[6], unsigned in_port,
                              uint64_t now_us, bool *flooded)
{
    hub_port_set others = all_ports(sw->ports) & ~((hub_port_set)1 << (in_port - 1u));
    unsigned known = is_group_address(dst_mac) ? 0u : hub_switch_lookup(sw, dst_mac, now_us);
    if (known == 0u) {
        *flooded = true;
        return others;
    }
    *flooded = false;
    return others & ((hub_port_set)1 << (known - 1u)); /* empty when it is the ingress port */
}
