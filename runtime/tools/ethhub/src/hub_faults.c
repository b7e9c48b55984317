/* hub_faults.c — per-link rules and seeded random streams. */
#include "hub_faults.h"

#include <string.h>

/* splitmix64: small, fast, and good enough to decide the fate of frames. */
static uint64_t next_random(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static uint64_t link_seed(uint64_t seed, unsigned from, unsigned to)
{
    uint64_t s = seed ^ ((uint64_t)from << 32) ^ ((uint64_t)to << 8);
    (void)next_random(&s); /* decorrelate neighbouring links */
    return s;
}

void hub_faults_reseed(struct hub_faults *f, uint64_t seed)
{
    f->seed = seed;
    for (unsigned a = 1; a <= f->ports; a++) {
        for (unsigned b = 1; b <= f->ports; b++) {
            f->links[a - 1u][b - 1u].rng = link_seed(seed, a, b);
        }
    }
}

void hub_faults_init(struct hub_faults *f, unsigned ports, uint64_t seed)
{
    memset(f, 0, sizeof *f);
    f->ports = ports;
    hub_faults_reseed(f, seed);
}

struct hub_link_rule *hub_faults_rule(struct hub_faults *f, unsigned from, unsigned to)
{
    return &f->links[from - 1u][to - 1u].rule;
}

static bool chance(uint64_t draw, uint32_t ppm)
{
    return draw % HUB_PPM < ppm;
}

struct hub_fate hub_faults_decide(struct hub_faults *f, unsigned from, unsigned to)
{
    struct hub_link *link = &f->links[from - 1u][to - 1u];
    uint64_t drop_draw = next_random(&link->rng);
    uint64_t dup_draw = next_random(&link->rng);
    uint64_t jitter_draw = next_random(&link->rng);
    struct hub_fate fate = { .verdict = HUB_DELIVER, .copies = 1, .delay_us = 0 };
    if (link->rule.blocked) {
        fate.verdict = HUB_BLOCKED;
        return fate;
    }
    if (chance(drop_draw, link->rule.drop_ppm)) {
        fate.verdict = HUB_DROPPED;
        return fate;
    }
    if (chance(dup_draw, link->rule.dup_ppm)) {
        fate.copies = 2;
    }
    fate.delay_us = link->rule.delay_us;
    if (link->rule.jitter_us > 0u) {
        fate.delay_us += jitter_draw % (link->rule.jitter_us + 1u);
    }
    return fate;
}

void hub_faults_block(struct hub_faults *f, unsigned from, unsigned to, bool blocked)
{
    if (from != to) {
        hub_faults_rule(f, from, to)->blocked = blocked;
    }
}

void hub_faults_isolate(struct hub_faults *f, unsigned port)
{
    for (unsigned other = 1; other <= f->ports; other++) {
        hub_faults_block(f, port, other, true);
        hub_faults_block(f, other, port, true);
    }
}

void hub_faults_partition(struct hub_faults *f, const unsigned group_of[HUB_MAX_PORTS + 1u])
{
    for (unsigned a = 1; a <= f->ports; a++) {
        for (unsigned b = 1; b <= f->ports; b++) {
            bool together = group_of[a] != 0u && group_of[a] == group_of[b];
            hub_faults_block(f, a, b, !together);
        }
    }
}

void hub_faults_heal(struct hub_faults *f)
{
    for (unsigned a = 1; a <= f->ports; a++) {
        for (unsigned b = 1; b <= f->ports; b++) {
            hub_faults_rule(f, a, b)->blocked = false;
        }
    }
}

void hub_faults_clear(struct hub_faults *f)
{
    for (unsigned a = 1; a <= f->ports; a++) {
        for (unsigned b = 1; b <= f->ports; b++) {
            *hub_faults_rule(f, a, b) = (struct hub_link_rule){ 0 };
        }
    }
}
