/*
 * raft_storage.h — durable state of one Raft node.
 *
 * What a node persists: the hard state (current term + vote), the log
 * entries after the last snapshot, and the last snapshot (metadata + data).
 * The interface is an ops table + context (struct raft_storage); backends:
 *
 *   raft_mem_storage    in RAM, fixed capacity. Tracks what was synced, so a
 *                       simulated crash (raft_mem_storage_crash) drops the rest.
 *   raft_file_storage   record files over a tiny file-ops interface
 *                       (struct raft_file_ops): POSIX files natively
 *                       (ports/posix), ARM semihosting on QEMU.
 *
 * Contract (all backends):
 *   - raft_storage_load() is called once, first. It repairs what a crash left
 *     behind (torn tail, interrupted snapshot install) and reports the state;
 *     then raft_storage_next_entry() yields the log entries in index order.
 *   - set_hard_state/append/truncate are buffered: they become durable at the
 *     next raft_storage_sync(), which makes EVERYTHING written since the
 *     previous sync durable at once (one fsync per batch: group commit).
 *     A crash may keep any prefix of the unsynced operations, never less than
 *     what the last successful sync covered.
 *   - append must continue the log: index == last_index + 1 (the first entry
 *     after a snapshot at S has index S + 1). To replace a conflicting
 *     suffix, truncate(from) first.
 *   - Snapshots are written in sequential chunks between snapshot_begin and
 *     snapshot_commit. Commit first syncs, then durably installs the snapshot
 *     and compacts the log with Raft's rule: if the log holds the entry at
 *     meta.index with term meta.term, the entries after it are kept,
 *     otherwise the whole log is discarded. Commit is atomic: after a crash
 *     the node has either the old snapshot + old log or the new ones.
 *   - Every call returns RAFT_STORAGE_OK (0) or a negative
 *     enum raft_storage_error. After an I/O error the node must stop.
 *
 * File format and the crash-safety argument of the file backend: the comment
 * at the top of src/raft_storage_file.c.
 *
 * Capacities come from raft_config.h: RAFT_LOG_CAPACITY (entries kept after a
 * snapshot), RAFT_MAX_ENTRY_SIZE (payload bytes), RAFT_MAX_NODES (size of the
 * opaque configuration blob); the memory backend's snapshot capacity is
 * RAFT_MEM_STORAGE_SNAPSHOT_CAPACITY (below).
 */
#ifndef RAFT_STORAGE_H
#define RAFT_STORAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "raft/raft_config.h"

enum raft_storage_error {
    RAFT_STORAGE_OK = 0,
    RAFT_STORAGE_ERR_IO = -1,       /* the file ops failed (details in the backend) */
    RAFT_STORAGE_ERR_CORRUPT = -2,  /* damaged record before the last sync mark */
    RAFT_STORAGE_ERR_FULL = -3,     /* log or snapshot capacity exhausted */
    RAFT_STORAGE_ERR_INVALID = -4,  /* caller broke the contract (index gap, ...) */
    RAFT_STORAGE_ERR_TOO_LARGE = -5 /* entry or configuration bigger than allowed */
};

const char *raft_storage_error_name(int err);

/* "No vote": node ids start at 1. */
#define RAFT_STORAGE_NO_VOTE 0u

/* Room for the membership configuration the core stores with a snapshot
 * (opaque bytes, encoded by the core): ~11 bytes per node + a header. */
#ifndef RAFT_STORAGE_CONF_MAX
#define RAFT_STORAGE_CONF_MAX (8u + 12u * (RAFT_MAX_NODES))
#endif

/* One log entry. `data` belongs to the caller on append; on load it points
 * into the backend and stays valid until the next call on that backend. */
struct raft_storage_entry {
    uint64_t index;
    uint64_t term;
    uint8_t type; /* opaque to storage (command, configuration, no-op ...) */
    uint32_t len; /* <= RAFT_MAX_ENTRY_SIZE */
    const uint8_t *data;
};

struct raft_snapshot_meta {
    uint64_t index; /* last log index the snapshot covers, 0 = no snapshot */
    uint64_t term;  /* term of that entry */
    uint32_t conf_len;
    uint8_t conf[RAFT_STORAGE_CONF_MAX]; /* membership at `index`, opaque */
    uint32_t data_len; /* filled by storage: size of the snapshot data */
    uint32_t data_crc; /* filled by storage: CRC-32C of the snapshot data */
};

/* What raft_storage_load() found. */
struct raft_storage_state {
    uint64_t term;
    uint32_t vote;
    struct raft_snapshot_meta snapshot; /* index 0 when there is none */
    uint64_t first_index; /* snapshot.index + 1 */
    uint64_t last_index;  /* == snapshot.index when the log is empty */
    uint64_t last_term;   /* term of last_index (snapshot.term when empty) */
};

struct raft_storage_ops {
    int (*load)(void *self, struct raft_storage_state *out);
    /* 1 = *out filled, 0 = no more entries, < 0 = error. Only between load
     * and the first write. */
    int (*next_entry)(void *self, struct raft_storage_entry *out);
    int (*set_hard_state)(void *self, uint64_t term, uint32_t vote);
    int (*append)(void *self, const struct raft_storage_entry *entry);
    /* Drop entries with index >= from (from > snapshot index). */
    int (*truncate)(void *self, uint64_t from);
    int (*sync)(void *self);
    /* Start a new snapshot; replaces any unfinished one. meta->data_len and
     * data_crc are ignored (storage computes them). */
    int (*snapshot_begin)(void *self, const struct raft_snapshot_meta *meta);
    /* Chunks in order: offset must equal the bytes written so far. */
    int (*snapshot_write)(void *self, uint32_t offset, const void *data, size_t len);
    int (*snapshot_commit)(void *self);
    void (*snapshot_abort)(void *self);
    /* Read the committed snapshot's data; *out_len < cap only at its end. */
    int (*snapshot_read)(void *self, uint32_t offset, void *buf, size_t cap, size_t *out_len);
    /* Optional (NULL when the backend has nothing to say): one line of text
     * on the last failure, for an operator (the file backend names the file
     * and byte offset, and what to do). Writes a NUL-terminated string of at
     * most cap - 1 bytes; returns its length, 0 when there is no failure. */
    size_t (*describe_fault)(void *self, char *buf, size_t cap);
};

struct raft_storage {
    const struct raft_storage_ops *ops;
    void *self;
};

static inline int raft_storage_load(struct raft_storage s, struct raft_storage_state *out)
{ return s.ops->load(s.self, out); }
static inline int raft_storage_next_entry(struct raft_storage s, struct raft_storage_entry *out)
{ return s.ops->next_entry(s.self, out); }
static inline int raft_storage_set_hard_state(struct raft_storage s, uint64_t term, uint32_t vote)
{ return s.ops->set_hard_state(s.self, term, vote); }
static inline int raft_storage_append(struct raft_storage s, const struct raft_storage_entry *e)
{ return s.ops->append(s.self, e); }
static inline int raft_storage_truncate(struct raft_storage s, uint64_t from)
{ return s.ops->truncate(s.self, from); }
static inline int raft_storage_sync(struct raft_storage s)
{ return s.ops->sync(s.self); }
static inline int raft_storage_snapshot_begin(struct raft_storage s, const struct raft_snapshot_meta *m)
{ return s.ops->snapshot_begin(s.self, m); }
static inline int raft_storage_snapshot_write(struct raft_storage s, uint32_t offset, const void *d, size_t n)
{ return s.ops->snapshot_write(s.self, offset, d, n); }
static inline int raft_storage_snapshot_commit(struct raft_storage s)
{ return s.ops->snapshot_commit(s.self); }
static inline void raft_storage_snapshot_abort(struct raft_storage s)
{ s.ops->snapshot_abort(s.self); }
static inline int raft_storage_snapshot_read(struct raft_storage s, uint32_t offset, void *buf, size_t cap, size_t *out_len)
{ return s.ops->snapshot_read(s.self, offset, buf, cap, out_len); }
/* The backend's description of its last failure, or "" (returns 0). */
static inline size_t raft_storage_describe_fault(struct raft_storage s, char *buf, size_t cap)
{
    if (s.ops->describe_fault != NULL) {
        return s.ops->describe_fault(s.self, buf, cap);
    }
    if (cap > 0) {
        buf[0] = '\0';
    }
    return 0;
}

/* ====================================================================== */
/* In-memory backend                                                       */
/* ====================================================================== */

/* Snapshot bytes the memory backend holds: RAFT_SNAPSHOT_MAX_SIZE when the
 * configuration sets it, else the key-value state machine's worst case. */
#ifndef RAFT_MEM_STORAGE_SNAPSHOT_CAPACITY
#ifdef RAFT_SNAPSHOT_MAX_SIZE
#define RAFT_MEM_STORAGE_SNAPSHOT_CAPACITY (RAFT_SNAPSHOT_MAX_SIZE)
#else
#include "raft/raft_kv.h"
#define RAFT_MEM_STORAGE_SNAPSHOT_CAPACITY (RAFT_KV_SNAPSHOT_MAX_SIZE)
#endif
#endif

/* RAFT_MEM_STORAGE_KEEPS_LOG
 *   1 (default): the store keeps whole entries in two images, so that a node
 *     can load it again after a simulated crash (raft_mem_storage_crash: the
 *     simulator and the tests).
 *   0: a volatile store for a node whose RAM is its only medium (firmware with
 *     `storage memory`): a restart loses RAM anyway and the core holds the log
 *     itself, so the store keeps one image with only each entry's term (for a
 *     snapshot install's keep-or-drop rule), the hard state and the snapshot.
 *     The seed's 256 x 128-byte log: 2 KB instead of 74 KB. load() works only
 *     first, on a store nothing was appended to (RAFT_STORAGE_ERR_INVALID
 *     otherwise), and there is no raft_mem_storage_crash. */
#ifndef RAFT_MEM_STORAGE_KEEPS_LOG
#define RAFT_MEM_STORAGE_KEEPS_LOG 1
#endif

struct raft_mem_entry {
    uint64_t term;
#if RAFT_MEM_STORAGE_KEEPS_LOG
    uint32_t len;
    uint8_t type;
    uint8_t data[RAFT_MAX_ENTRY_SIZE];
#endif
};

/* One copy of the persistent state. The log is a ring of RAFT_LOG_CAPACITY
 * slots; the slot of index i is (i - 1) % RAFT_LOG_CAPACITY. */
struct raft_mem_image {
    uint64_t term;
    uint32_t vote;
    struct raft_snapshot_meta snap;
    uint64_t last_index;
    struct raft_mem_entry log[RAFT_LOG_CAPACITY];
};

/* Two images (KEEPS_LOG 1): `live` is what the node wrote, `durable` what a
 * crash keeps. sync copies only what changed: indices >= dirty_from, plus hard
 * state. KEEPS_LOG 0: only `live`. */
struct raft_mem_storage {
    struct raft_mem_image live;
#if RAFT_MEM_STORAGE_KEEPS_LOG
    struct raft_mem_image durable;
#endif
    uint64_t dirty_from; /* lowest log index changed since the last sync */
    bool hard_state_dirty;
    uint8_t snap_data[RAFT_MEM_STORAGE_SNAPSHOT_CAPACITY];    /* committed */
    uint8_t staged_data[RAFT_MEM_STORAGE_SNAPSHOT_CAPACITY];  /* being written */
    struct raft_snapshot_meta staged_meta;
    uint32_t staged_len;
    bool staging;
    uint64_t load_cursor; /* next index next_entry returns */
    uint32_t syncs;       /* statistics for tests and the simulator */
};

/* Empty storage (a node's first start). */
void raft_mem_storage_init(struct raft_mem_storage *m);
struct raft_storage raft_mem_storage_as_storage(struct raft_mem_storage *m);
#if RAFT_MEM_STORAGE_KEEPS_LOG
/* Simulated crash: forget everything not synced, except that the first
 * `keep_entries` unsynced log changes (in index order from dirty_from) may
 * survive, as a disk may have written part of a batch. Hard state not
 * synced is lost. An unfinished snapshot is lost. Call load() afterwards. */
void raft_mem_storage_crash(struct raft_mem_storage *m, uint32_t keep_entries);
#endif

/* ====================================================================== */
/* File-ops interface (implemented by ports: POSIX, semihosting, tests)    */
/* ====================================================================== */

enum raft_file_mode {
    RAFT_FILE_READ,      /* existing file, read only */
    RAFT_FILE_CREATE,    /* create or empty, write only */
    RAFT_FILE_APPEND,    /* create if missing, keep the content, every write at the end */
    RAFT_FILE_UPDATE     /* existing file, keep the content, written only by write_at and extend */
};

enum raft_file_error {
    RAFT_FILE_ERR_NOT_FOUND = -1, /* open(READ)/remove: no such file */
    RAFT_FILE_ERR_IO = -2         /* anything else */
};

/* Names are plain file names (no directories); the file ops decide where
 * they live. All operations are synchronous. What a port must guarantee,
 * and all the file backend relies on, so a port can stay minimal:
 *   - READ opens an existing file at offset 0 (NOT_FOUND when missing).
 *     CREATE creates the file or empties it. APPEND creates the file when
 *     missing, keeps its content, and puts every write after the bytes
 *     already in the file; the backend never has two handles writing the
 *     same file, so "seek to the end once at open, then write sequentially"
 *     is enough. Do not trust a platform's append flag without a test:
 *     QEMU 7.2's semihosting SYS_OPEN "ab" writes at offset 0, so the mps2
 *     port opens "r+b", seeks to SYS_FLEN, and falls back to "wb" when the
 *     file is missing;
 *   - seek and size are only used on READ handles, write and sync only on
 *     CREATE/APPEND handles (sync, write_at and extend also on UPDATE
 *     handles); no handle is both read and written (a port may
 *     still open APPEND handles read-write underneath, as mps2 does);
 *   - at most 3 handles are open at the same time;
 *   - no truncate call is needed: records are removed by rewriting a temp
 *     file and renaming it over the old one (rarely: after a crash, and once
 *     a file holds RAFT_FILE_COMPACT_BYTES of dead records);
 *   - sync makes the whole content of the file durable, including bytes
 *     written through earlier handles, by a process that crashed before its
 *     own sync (start-up relies on this: it opens files for APPEND only to
 *     sync them). It may do nothing where the platform has no such call:
 *     then data is as durable as the host makes it (semihosting writes reach
 *     the host file at once and survive a kill of QEMU);
 *   - rename is atomic and durable when it returns; a port that makes it
 *     durable in a second step (POSIX: renameat, then fsync of the
 *     directory) must also make any rename a crashed predecessor left
 *     unfinished durable before the storage loads (ports/posix fsyncs the
 *     directory when it opens it);
 *   - write_at and extend are optional (NULL: the log is appended to through
 *     an APPEND handle). With both, the log file is preallocated: extend
 *     grows it by zero bytes that are durable when it returns, and entries
 *     overwrite those zeros through an UPDATE handle, so a sync only has
 *     data blocks to write, never the file's size or block map (on this
 *     project's disk: half the time of an appending sync, see
 *     docs/launcher.md). A port offers them only where a sync of data in
 *     place is cheaper than an appending one. */
struct raft_file_ops {
    /* Returns a handle >= 0 or a negative enum raft_file_error. */
    int (*open)(void *ctx, const char *name, enum raft_file_mode mode);
    int (*close)(void *ctx, int handle);
    /* Bytes read (0 only at end of file) or a negative error. */
    int32_t (*read)(void *ctx, int handle, void *buf, uint32_t len);
    /* Writes all len bytes or returns a negative error. */
    int (*write)(void *ctx, int handle, const void *buf, uint32_t len);
    int (*seek)(void *ctx, int handle, uint32_t offset); /* absolute, read handles */
    int64_t (*size)(void *ctx, int handle);
    /* Data written through the handle is durable when this returns. May do
     * nothing where the platform has no such call (semihosting). */
    int (*sync)(void *ctx, int handle);
    /* Atomically replace `to` with `from`, durably (POSIX: rename + fsync of
     * the directory). */
    int (*rename)(void *ctx, const char *from, const char *to);
    /* Removing a missing file is not an error. */
    int (*remove)(void *ctx, const char *name);
    /* Optional (both or neither), UPDATE handles: write all len bytes at
     * `offset`, which lies inside the file (never beyond its end); and grow
     * the file to `size` bytes (no change when it is already that long)
     * with zero bytes that are durable when extend returns. */
    int (*write_at)(void *ctx, int handle, uint64_t offset, const void *buf, uint32_t len);
    int (*extend)(void *ctx, int handle, uint64_t size);
    void *ctx;
};

/* ====================================================================== */
/* File backend                                                            */
/* ====================================================================== */

#define RAFT_FILE_NAME_MAX 48u

/* Dead bytes (a log prefix older than the snapshot, superseded snapshot
 * data) a file may carry before it is rewritten without them: the rewrite
 * and the rename that frees the old file's blocks happen once per this many
 * bytes written, not per snapshot. Start-up reads the log's dead prefix, so
 * a board with slow file access may want less. */
#ifndef RAFT_FILE_COMPACT_BYTES
#define RAFT_FILE_COMPACT_BYTES (8u * 1024u * 1024u)
#endif
/* The two metadata journals (hard states, snapshot records) are rewritten
 * down to their last record once they reach this size. */
#ifndef RAFT_FILE_JOURNAL_BYTES
#define RAFT_FILE_JOURNAL_BYTES (64u * 1024u)
#endif
/* Read-ahead for sequential reads (start-up scans, log rewrites): one file
 * read per this many bytes instead of two per record. */
#ifndef RAFT_FILE_READ_BUFFER
#define RAFT_FILE_READ_BUFFER 1024u
#endif
/* Bytes of zeros a preallocating port (write_at + extend) adds to the log
 * file whenever an append would pass its end: one extension (about 3 ms for
 * 1 MiB on this project's disk) per few thousand entries. */
#ifndef RAFT_FILE_PREALLOCATE_BYTES
#define RAFT_FILE_PREALLOCATE_BYTES (1024u * 1024u)
#endif
/* Log records of one batch collected before they are written: one file
 * write per sync instead of one per entry and one for the sync mark.
 * 0 (the default, for boards short of RAM): every record is written when
 * made. Native builds set it (16 KiB). */
#ifndef RAFT_FILE_WRITE_BUFFER
#define RAFT_FILE_WRITE_BUFFER 0u
#endif
/* Remembered log positions (every RAFT_LOG_CAPACITY/16-th entry), so that
 * a snapshot finds where the live log starts without reading the dead
 * prefix: they cover twice the in-memory log. */
#define RAFT_FILE_CHECKPOINTS 32u

/* Record header: type u8, payload length u32 LE, CRC-32C u32 LE; the
 * payload of an entry record adds index, term, type and length. */
#define RAFT_FILE_RECORD_HEADER 9u
#define RAFT_FILE_ENTRY_HEADER 21u
#define RAFT_FILE_RECORD_MAX (RAFT_FILE_RECORD_HEADER + RAFT_FILE_ENTRY_HEADER + RAFT_MAX_ENTRY_SIZE)
#if RAFT_FILE_RECORD_MAX < RAFT_FILE_RECORD_HEADER + 64u + RAFT_STORAGE_CONF_MAX
#undef RAFT_FILE_RECORD_MAX
#define RAFT_FILE_RECORD_MAX (RAFT_FILE_RECORD_HEADER + 64u + RAFT_STORAGE_CONF_MAX)
#endif

/* Where start-up found a problem: what, which file, which byte. */
struct raft_file_fault {
    int code;           /* enum raft_storage_error, 0 = none */
    const char *reason; /* static text, e.g. "record CRC mismatch" */
    char file[RAFT_FILE_NAME_MAX];
    uint64_t offset;
};

/* Entry `index` starts at byte `offset` of the log file. */
struct raft_file_checkpoint {
    uint64_t index; /* 0: unused */
    uint32_t offset;
};

struct raft_file_storage {
    struct raft_file_ops ops;
    uint32_t node_id;
    char name_meta[RAFT_FILE_NAME_MAX];
    char name_log[RAFT_FILE_NAME_MAX];
    char name_snap_meta[RAFT_FILE_NAME_MAX];
    char name_snap_data[RAFT_FILE_NAME_MAX];
    /* RAFT_FILE_COMPACT_BYTES and RAFT_FILE_JOURNAL_BYTES; a test may lower
     * them after init to reach the rewrites quickly. */
    uint32_t compact_bytes;
    uint32_t journal_bytes;
    /* RAFT_FILE_PREALLOCATE_BYTES when the ops preallocate (write_at and
     * extend), else 0; a test may lower it after init. */
    uint32_t preallocate_bytes;

    int log_handle;        /* append (or update) handle, -1 when closed */
    uint64_t log_size;     /* bytes of valid records written to the log file */
    uint64_t log_file_size; /* its length: log_size plus zeros when preallocated */
    bool log_preallocated; /* the handle is UPDATE: records overwrite the zeros */
    uint64_t log_base_index; /* the log file's header: it continues from here */
    uint64_t log_base_term;  /*   (at or before the snapshot: a dead prefix) */
    uint32_t log_header_end;
    uint64_t last_index;
    uint64_t last_term;
    bool log_unsynced;     /* records written since the last sync mark */
    uint32_t checkpoint_next;
    struct raft_file_checkpoint checkpoints[RAFT_FILE_CHECKPOINTS];

    uint64_t term;         /* hard state as written by the node */
    uint32_t vote;
    bool hard_state_dirty;
    uint64_t meta_size;    /* metadata.bin: bytes and HARD_STATE records */
    uint32_t meta_records;

    struct raft_snapshot_meta snap; /* committed snapshot */
    uint32_t snap_data_offset;      /* where its data starts in the data file */
    uint64_t snap_meta_size;        /* snapshot_metadata.bin: bytes and records */
    uint32_t snap_meta_records;
    bool data_exists;               /* snapshot_data.bin */
    uint64_t data_size;
    struct raft_snapshot_meta staged;
    int staged_handle;     /* snapshot data being written, -1 when none */
    bool staged_in_tmp;    /* into snapshot_data.tmp (else appended to .bin) */
    uint32_t staged_offset;
    uint32_t staged_crc;

    int load_handle;       /* log read by next_entry, -1 when done */
    uint64_t load_pos;
    uint64_t load_end;

    int rbuf_handle;       /* read-ahead: bytes of this handle at rbuf_pos */
    uint64_t rbuf_pos;
    uint32_t rbuf_len;
    uint8_t rbuf[RAFT_FILE_READ_BUFFER];
    uint8_t record[RAFT_FILE_RECORD_MAX]; /* one record being read or written */
#if RAFT_FILE_WRITE_BUFFER > 0
    uint32_t pending_len;  /* log records made, not yet written (they follow log_size) */
    uint8_t pending[RAFT_FILE_WRITE_BUFFER];
#endif
    struct raft_file_fault fault; /* set when load fails */
    uint32_t dropped_tail_bytes;  /* torn tail dropped by the last load */
    uint32_t rewrites;            /* files rewritten (statistics for tests) */
    uint32_t log_writes;          /* file writes to the log, extensions (statistics) */
    uint32_t extensions;
};

/* Bind to the files of node `node_id` (raft_node_{N}_*.bin via `ops`). */
void raft_file_storage_init(struct raft_file_storage *f, const struct raft_file_ops *ops, uint32_t node_id);
struct raft_storage raft_file_storage_as_storage(struct raft_file_storage *f);
/* Human-readable description of the last failure (load, or a later I/O
 * error), e.g.
 * "raft_node_2_log.bin at byte 4113: record CRC mismatch (a record before the
 * last sync mark is damaged; restore the file from a replica or remove the
 * node's files to rejoin empty)", or "no storage fault". Returns the length
 * written (NUL-terminated, truncated to cap). The ops table's describe_fault
 * gives the same text, but "" when there is no fault. */
size_t raft_file_storage_describe_fault(const struct raft_file_storage *f, char *buf, size_t cap);
/* Close open handles (a clean shutdown; a crash simply abandons them). */
void raft_file_storage_close(struct raft_file_storage *f);

#endif
