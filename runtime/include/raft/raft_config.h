/*
 * raft_config.h — every capacity of the runtime, in one place.
 *
 * A generated variant defines RAFT_CONFIG_FILE (e.g. -DRAFT_CONFIG_FILE=
 * "cluster_config.h") and that header defines the model's capacities; any
 * macro it leaves out gets the default below (host tests and the simulator use
 * the defaults). The derived sizes at the end are checked with _Static_assert
 * so an inconsistent model fails at compile time with a message that names the
 * macro to change.
 *
 * Timing, the node table and the initial membership are run-time values
 * (struct raft_cluster_config in cluster_config.c), not macros.
 */
#ifndef RAFT_CONFIG_H
#define RAFT_CONFIG_H

#ifdef RAFT_CONFIG_FILE
#include RAFT_CONFIG_FILE
#endif

/* ---- capacities the generator emits (defaults = host tests / simulator) ---- */

/* Voters + learners the membership table can hold (simulator: 7 + 1 learner). */
#ifndef RAFT_MAX_NODES
#define RAFT_MAX_NODES 8
#endif

/* Log entries held in memory between two snapshots. */
#ifndef RAFT_LOG_CAPACITY
#define RAFT_LOG_CAPACITY 64
#endif

/* Bytes of one command payload (an encoded key-value command). */
#ifndef RAFT_MAX_ENTRY_SIZE
#define RAFT_MAX_ENTRY_SIZE 128
#endif

/* Largest wire frame: must fit the transport's receive buffer (one UDP
 * datagram without IP fragmentation: at most 1472 on Ethernet). */
#ifndef RAFT_MAX_FRAME_SIZE
#define RAFT_MAX_FRAME_SIZE 1400
#endif

/* Bytes of the in-memory log's payload arena. The log is full when either
 * RAFT_LOG_CAPACITY entries or RAFT_LOG_RING_BYTES (this less one full-size
 * entry, the room an entry crossing the ring's end spills into) payload bytes
 * are held; the node snapshots at half of either, so make it at least
 * 2 x snapshot threshold x typical command size for the threshold to decide.
 * Default: a quarter of the worst case (RAFT_LOG_CAPACITY full-size entries),
 * because typical commands are far smaller than RAFT_MAX_ENTRY_SIZE and RAM
 * is scarce. Ring positions are 30 bits: up to 1 GiB. */
#ifndef RAFT_LOG_ARENA_SIZE
#define RAFT_LOG_ARENA_SIZE ((RAFT_LOG_CAPACITY * RAFT_MAX_ENTRY_SIZE) / 4)
#endif

/* Key-value state machine. */
#ifndef RAFT_KV_MAX_KEYS
#define RAFT_KV_MAX_KEYS 64
#endif
#ifndef RAFT_KV_MAX_KEY_LEN
#define RAFT_KV_MAX_KEY_LEN 16
#endif
#ifndef RAFT_KV_MAX_VALUE_LEN
#define RAFT_KV_MAX_VALUE_LEN 32
#endif

/* Client sessions remembered for deduplication of retried commands. */
#ifndef RAFT_MAX_SESSIONS
#define RAFT_MAX_SESSIONS 32
#endif

/* Client requests (writes, reads, forwarded requests) one node may have in
 * flight at once; also the depth of the core's pending-read queue. */
#ifndef RAFT_MAX_PENDING
#define RAFT_MAX_PENDING 16
#endif

/* AppendEntries messages a leader may have in flight to one follower
 * (pipelining window). */
#ifndef RAFT_MAX_INFLIGHT
#define RAFT_MAX_INFLIGHT 4
#endif

/* Entries a leader may hold beyond its commit index before refusing new
 * proposals (BUSY): keeps room in every log for a new leader's no-op and a
 * membership change, so a full log can never block an election's commit. */
#ifndef RAFT_MAX_UNCOMMITTED
#define RAFT_MAX_UNCOMMITTED (RAFT_LOG_CAPACITY / 4)
#endif

/* ---- sizes derived from the above ---------------------------------------- */

/* Worst-case wire bytes of a message without its entries or snapshot data:
 * type, ids, term, indices, commit, read sequence, timestamps (varints) plus
 * a membership (id varint + role per member). */
#define RAFT_MESSAGE_HEADER_MAX (64 + 4 * RAFT_MAX_NODES)
/* Worst-case wire bytes one entry adds besides its payload: term, type, length. */
#define RAFT_ENTRY_OVERHEAD_MAX 10

/* Payload bytes the log's byte ring holds (see RAFT_LOG_ARENA_SIZE). */
#define RAFT_LOG_RING_BYTES (RAFT_LOG_ARENA_SIZE - RAFT_MAX_ENTRY_SIZE)

/* Entries per AppendEntries: as many full-size entries as fit one frame. */
#ifndef RAFT_MAX_BATCH
#define RAFT_MAX_BATCH \
    ((RAFT_MAX_FRAME_SIZE - 16 - RAFT_MESSAGE_HEADER_MAX) / (RAFT_MAX_ENTRY_SIZE + RAFT_ENTRY_OVERHEAD_MAX))
#endif

/* Snapshot bytes per InstallSnapshot chunk: what is left of a frame. */
#ifndef RAFT_SNAPSHOT_CHUNK
#define RAFT_SNAPSHOT_CHUNK (RAFT_MAX_FRAME_SIZE - 16 - RAFT_MESSAGE_HEADER_MAX)
#endif

/* Messages the core can queue between two ready batches: a broadcast to every
 * peer plus replies, twice over. */
#ifndef RAFT_OUTBOX_CAPACITY
#define RAFT_OUTBOX_CAPACITY (2 * RAFT_MAX_NODES + 2)
#endif

/* ---- consistency checks -------------------------------------------------- */

_Static_assert(RAFT_MAX_NODES >= 1 && RAFT_MAX_NODES <= 32,
               "RAFT_MAX_NODES must be 1..32 (membership is a 32-bit mask)");
_Static_assert(RAFT_LOG_CAPACITY >= 8 && RAFT_LOG_CAPACITY <= 65535,
               "RAFT_LOG_CAPACITY must be 8..65535");
_Static_assert(RAFT_MAX_ENTRY_SIZE >= 16 && RAFT_MAX_ENTRY_SIZE <= 16383,
               "RAFT_MAX_ENTRY_SIZE must be 16..16383 (14-bit lengths in the log)");
_Static_assert(RAFT_MAX_ENTRY_SIZE >= 2 + 3 * RAFT_MAX_NODES,
               "RAFT_MAX_ENTRY_SIZE too small to hold a membership entry: raise it or lower RAFT_MAX_NODES");
_Static_assert(RAFT_LOG_ARENA_SIZE >= 4 * RAFT_MAX_ENTRY_SIZE,
               "RAFT_LOG_ARENA_SIZE must hold at least 4 full-size entries");
_Static_assert(RAFT_LOG_ARENA_SIZE <= (1ul << 30), "RAFT_LOG_ARENA_SIZE must be <= 1 GiB (30-bit ring positions)");
_Static_assert(RAFT_MAX_BATCH >= 1,
               "RAFT_MAX_FRAME_SIZE too small for one full-size entry: raise it or lower RAFT_MAX_ENTRY_SIZE");
_Static_assert(RAFT_MAX_BATCH <= RAFT_LOG_CAPACITY, "RAFT_MAX_BATCH must not exceed RAFT_LOG_CAPACITY");
_Static_assert(16 + RAFT_MESSAGE_HEADER_MAX + RAFT_MAX_BATCH * (RAFT_MAX_ENTRY_SIZE + RAFT_ENTRY_OVERHEAD_MAX) <=
                   RAFT_MAX_FRAME_SIZE,
               "RAFT_MAX_BATCH full-size entries do not fit RAFT_MAX_FRAME_SIZE: lower RAFT_MAX_BATCH");
_Static_assert(RAFT_SNAPSHOT_CHUNK >= 32 && 16 + RAFT_MESSAGE_HEADER_MAX + RAFT_SNAPSHOT_CHUNK <= RAFT_MAX_FRAME_SIZE,
               "RAFT_SNAPSHOT_CHUNK must be >= 32 and fit RAFT_MAX_FRAME_SIZE with a message header");
_Static_assert(RAFT_MAX_PENDING >= 1 && RAFT_MAX_PENDING <= 255, "RAFT_MAX_PENDING must be 1..255");
_Static_assert(RAFT_MAX_INFLIGHT >= 1 && RAFT_MAX_INFLIGHT <= 64, "RAFT_MAX_INFLIGHT must be 1..64");
_Static_assert(RAFT_MAX_UNCOMMITTED >= 1 && RAFT_MAX_UNCOMMITTED <= RAFT_LOG_CAPACITY / 4,
               "RAFT_MAX_UNCOMMITTED must be 1..RAFT_LOG_CAPACITY/4");
_Static_assert(RAFT_OUTBOX_CAPACITY >= RAFT_MAX_NODES, "RAFT_OUTBOX_CAPACITY must hold one broadcast");

#endif
