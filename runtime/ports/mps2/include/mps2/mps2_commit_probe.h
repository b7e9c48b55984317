/* mps2_commit_probe.h — commit latency as the node itself sees it: from the
 * moment a `put`/`del` request line is handed to the server to the moment its
 * `ok` (or `not-found`) reply line is written.
 *
 * Why on the node: the UART that carries control lines moves one byte per
 * QEMU main-loop turn (a short line round trip costs ~2.4 ms), ten times a
 * Raft commit over UDP; a host stopwatch would measure the UART. The probe
 * wraps the board's struct raft_platform (write_line sees every reply) and
 * keeps a log-linear histogram, so it costs a few hundred bytes of RAM and a
 * hash per line. The main loop prints the summary on the semihosting console
 * when the node stops (`raftforge bench` reads it from the node's log).
 *
 * Requests are matched to replies by their "[@id ]tag" prefix (hashed), so
 * several may be in flight, on several nodes of one image. */
#ifndef MPS2_COMMIT_PROBE_H
#define MPS2_COMMIT_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "raft/raft_platform.h"

#ifndef MPS2_PROBE_OPEN
#define MPS2_PROBE_OPEN 16u /* writes timed at once (more are counted as untracked) */
#endif
/* Histogram: 16 exact buckets below 16 us, then 8 per power of two (12.5 %
 * wide) up to 2^24 us (16.7 s); later values land in the last bucket. */
#define MPS2_PROBE_EXACT 16u
#define MPS2_PROBE_SUB 8u
#define MPS2_PROBE_OCTAVES 21u
#define MPS2_PROBE_BUCKETS (MPS2_PROBE_EXACT + MPS2_PROBE_SUB * MPS2_PROBE_OCTAVES)

struct mps2_probe_open {
    uint32_t key;   /* hash of "[@id ]tag", 0 = free */
    uint32_t t0_us; /* low 32 bits of now_us when the request was handed over */
};

struct mps2_commit_probe {
    struct raft_platform inner; /* the board's platform, which does the work */
    struct mps2_probe_open open[MPS2_PROBE_OPEN];
    uint16_t buckets[MPS2_PROBE_BUCKETS]; /* saturating counts */
    uint32_t count;      /* writes acknowledged and timed */
    uint32_t untracked;  /* writes not timed: table full */
    uint32_t max_us;
    uint64_t first_us;   /* first timed request, last timed reply */
    uint64_t last_us;
    bool started;        /* first_us is set (0 is a valid time) */
};

/* Binds the probe to the board's platform; the probe must outlive the node. */
void mps2_commit_probe_init(struct mps2_commit_probe *p, struct raft_platform inner);
/* The platform to give the server: the inner one, with write_line observed. */
struct raft_platform mps2_commit_probe_platform(struct mps2_commit_probe *p);
/* Call with every request line right before the server gets it. */
void mps2_commit_probe_request(struct mps2_commit_probe *p, const char *line, size_t len);
/* Latency (us) below which `permille` of the timed writes fall (bucket middle). */
uint32_t mps2_commit_probe_percentile(const struct mps2_commit_probe *p, uint32_t permille);
/* "commit-latency writes=N p50_us=.. p90_us=.. p99_us=.. max_us=.. span_us=.. untracked=N\n"
 * into buf (NUL-terminated); returns its length, 0 when cap is too small. */
size_t mps2_commit_probe_summary(const struct mps2_commit_probe *p, char *buf, size_t cap);

#endif /* MPS2_COMMIT_PROBE_H */
