/* hub_faults.h — deterministic fault injection per directed link (A>B).
 *
 * Every directed link has its own rule (blocked, drop/duplicate probability,
 * delay and jitter) and its own random stream, seeded from the hub seed and
 * the link. Each frame on a link consumes exactly three draws, whatever the
 * rule, so "frame k on link 1>2" gets the same fate in every run with the same
 * seed, independently of traffic on other links and of when rules change. */
#ifndef HUB_FAULTS_H
#define HUB_FAULTS_H

#include <stdbool.h>
#include <stdint.h>

#include "hub_switch.h"

#define HUB_PPM 1000000u /* probabilities are in parts per million */

struct hub_link_rule {
    bool blocked;
    uint32_t drop_ppm;
    uint32_t dup_ppm;
    uint64_t delay_us;
    uint64_t jitter_us;
};

struct hub_link {
    struct hub_link_rule rule;
    uint64_t rng;
};

struct hub_faults {
    unsigned ports;
    uint64_t seed;
    struct hub_link links[HUB_MAX_PORTS][HUB_MAX_PORTS]; /* [from-1][to-1] */
};

/* What happens to one frame on one link. */
struct hub_fate {
    enum { HUB_DELIVER, HUB_BLOCKED, HUB_DROPPED } verdict;
    unsigned copies;      /* 1, or 2 when duplicated */
    uint64_t delay_us;    /* 0 = now */
};

void hub_faults_init(struct hub_faults *f, unsigned ports, uint64_t seed);
/* Restarts every link's random stream from `seed` (rules are kept). */
void hub_faults_reseed(struct hub_faults *f, uint64_t seed);

struct hub_link_rule *hub_faults_rule(struct hub_faults *f, unsigned from, unsigned to);
struct hub_fate hub_faults_decide(struct hub_faults *f, unsigned from, unsigned to);

/* Connectivity helpers (links from a port to itself are ignored). */
void hub_faults_block(struct hub_faults *f, unsigned from, unsigned to, bool blocked);
void hub_faults_isolate(struct hub_faults *f, unsigned port);
/* group_of[p] (p = 1..ports) names each port's group; 0 = a group of its own.
 * Links between different groups are blocked, links inside a group opened. */
void hub_faults_partition(struct hub_faults *f, const unsigned group_of[HUB_MAX_PORTS + 1u]);
void hub_faults_heal(struct hub_faults *f);
/* Heals and zeroes every probability and delay. */
void hub_faults_clear(struct hub_faults *f);

#endif /* HUB_FAULTS_H */
