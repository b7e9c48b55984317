/*
 * raft_storage_file.c — Raft state in record files over struct raft_file_ops.
 *
 * Files of node N (plain names; the file ops choose the directory):
 *   raft_node_N_metadata.bin           journal of HARD_STATE records (term,
 *                                      vote); the last one counts
 *   raft_node_N_log.bin                LOG_HEADER (the index it continues
 *                                      from), then ENTRY and SYNC records
 *   raft_node_N_snapshot_metadata.bin  journal of SNAPSHOT records (index,
 *                                      term, conf, and the data's offset,
 *                                      length and CRC); the last one counts
 *   raft_node_N_snapshot_data.bin      snapshot data, one region per
 *                                      snapshot, back to back
 *   *.tmp                              a replacement being written
 *
 * Record: type u8 | payload length u32 LE | CRC-32C u32 LE | payload. The
 * CRC covers the record's file offset (u64 LE), type, length and payload, so
 * a record-shaped byte string inside an entry's data or a record copied to
 * another place does not pass as a record.
 *
 * Nothing is replaced on the hot path. A snapshot appends its data to the
 * data file and one record to the snapshot journal; the log entries it
 * covers stay in the log as a dead prefix (entries up to the snapshot index
 * are skipped at start-up). Files are rewritten without their dead bytes
 * (temp file + rename, which frees blocks: slow on a disk mounted with
 * `discard`) only once the log's dead prefix or the data file's superseded
 * regions reach compact_bytes (and outweigh the live part), or a journal
 * reaches journal_bytes; after a crash left a torn tail; when a truncation
 * or an installed snapshot that does not match the log removes entries; and
 * when a file is created. Remembered log positions (checkpoints) let a
 * rewrite start at the live log instead of reading the dead prefix.
 *
 * Why it is crash safe (no ftruncate, no fsync needed on semihosting):
 *  1. Every file is created by renaming a complete, synced temp file; rename
 *     replaces atomically. So a .bin file is whole or absent, never empty.
 *  2. Journals (the log and the two metadata journals) are append-only
 *     between rewrites. Each commit appends its records and a SYNC mark,
 *     then syncs once. At start-up the first bad record at offset X is a torn
 *     tail (dropped) only if no valid SYNC mark exists anywhere after X: then
 *     everything from X on was never acknowledged. A valid SYNC mark after X
 *     means damage to acknowledged data: start-up fails, naming the file and
 *     X. (Cost of the rule: if the OS reorders the writes of one unfinished
 *     fsync and then loses power, the node refuses to start rather than
 *     guess — it fails safe.) A torn tail is removed by rewriting the file
 *     (3), because a later append after garbage would make that garbage look
 *     like damage. A metadata journal's latest record counts; a complete
 *     record whose SYNC mark is torn never got its commit acknowledged, and
 *     adopting it is as good as dropping it (see 6).
 *  3. A rewrite (compaction, truncation, torn tail) writes the kept records
 *     into *.tmp, syncs it and renames it over the .bin: either the old or
 *     the new file exists, both complete and with the same live content.
 *  4. snapshot_commit: (a) sync what was written before; (b) the data went
 *     to the end of data.bin, or into data.tmp when data.bin is missing or
 *     its superseded regions reached compact_bytes; sync it; (c) commit the
 *     SNAPSHOT record (naming where the data is: offset, length, CRC) to the
 *     snapshot journal by 2 — this is the commit point; (d) if the data went
 *     to data.tmp, rename it over data.bin; (e) compact the log with Raft's
 *     rule: if it holds the snapshot's last entry with the snapshot's term,
 *     the entries up to it become a dead prefix (rewritten away only when
 *     large), else the log is rewritten empty from the snapshot (3).
 *     Start-up takes the journal's last record; its data must match (length
 *     and CRC) at its offset in data.bin — or, after a crash between (c) and
 *     (d), in data.tmp, synced at (b) before (c) began, which is then renamed
 *     (rolled forward). Any other data.tmp or *.tmp is a replacement whose
 *     commit point was never reached: removed. A log that does not hold the
 *     snapshot's last entry with its term is compacted again with Raft's rule
 *     (a crash between (c) and (e)), which gives the same result as (e).
 *  5. The hard state is committed to its journal (2) before the log is
 *     synced, so a restart never sees log entries of a term above the stored
 *     term because of this ordering.
 *  6. Start-up reports only durable state, because the node acts on what it
 *     reports at once (answers the leader, grants votes) and a power loss
 *     may follow a process crash and restart: every journal is synced (or
 *     rewritten and synced) before load returns, and the port makes renames
 *     of the crashed process durable (see the file-ops contract).
 *  7. A preallocated log (ports with write_at and extend: POSIX) is longer
 *     than its records: extend appends zeros and syncs them before any
 *     record is written there, and records overwrite them in order, so past
 *     the last record there are only zeros — or, after a crash, the torn
 *     bytes of an unfinished batch followed by zeros. At start-up a tail
 *     that is all zeros is room, kept as it is (no record type is 0); any
 *     other tail is judged by 2 (dropped unless a SYNC mark follows it). A
 *     build without preallocation rewrites a zero tail away, because its
 *     appends would land after the zeros.
 */
#include <string.h>

#include "raft/raft_codec.h"
#include "raft/raft_control.h"
#include "raft/raft_crc32c.h"
#include "raft/raft_storage.h"

enum record_type {
    REC_LOG_HEADER = 1,
    REC_ENTRY = 2,
    REC_SYNC = 3,
    REC_HARD_STATE = 4,
    REC_SNAPSHOT = 5
};

#define FORMAT_MAGIC 0x47464652u /* "RFFG" */
#define FORMAT_VERSION 1u       /* log header, hard state; a v1 snapshot record has its data at offset 0 */
#define SNAPSHOT_VERSION 2u     /* snapshot record with the data's offset */
#define LOG_HEADER_PAYLOAD 25u  /* magic 4, version 1, node 4, base index 8, base term 8 */
#define SYNC_PAYLOAD 8u         /* log: last index; journal: records so far */
#define HARD_STATE_PAYLOAD 21u  /* magic 4, version 1, node 4, term 8, vote 4 */
#define SNAPSHOT_FIXED 37u      /* magic 4, version 1, node 4, index 8, term 8, data len 4, data crc 4, conf len 4 */
#define SNAPSHOT_OFFSET 4u      /* version 2: data offset 4 after the conf */
#define MAX_PAYLOAD (RAFT_FILE_RECORD_MAX - RAFT_FILE_RECORD_HEADER)
#define SYNC_RECORD (RAFT_FILE_RECORD_HEADER + SYNC_PAYLOAD)
#define JOURNAL_PAYLOAD_MAX (SNAPSHOT_FIXED + SNAPSHOT_OFFSET + RAFT_STORAGE_CONF_MAX)
_Static_assert(JOURNAL_PAYLOAD_MAX >= HARD_STATE_PAYLOAD, "journal buffer must hold a hard state");

_Static_assert(RAFT_FILE_RECORD_MAX >= RAFT_FILE_RECORD_HEADER + SNAPSHOT_FIXED + SNAPSHOT_OFFSET + RAFT_STORAGE_CONF_MAX,
               "record buffer must hold a snapshot record");
_Static_assert(RAFT_FILE_RECORD_MAX >= 2u * SYNC_RECORD, "record buffer too small for the sync-mark scan");
_Static_assert(RAFT_FILE_READ_BUFFER >= 1u, "RAFT_FILE_READ_BUFFER must be at least 1");

/* Log positions are remembered for every CHECKPOINT_STRIDE-th entry. */
#define CHECKPOINT_STRIDE (RAFT_LOG_CAPACITY / 16u > 0u ? RAFT_LOG_CAPACITY / 16u : 1u)

/* ---- names ------------------------------------------------------------ */

static size_t put_text(char *dst, size_t pos, size_t cap, const char *s)
{
    while (*s != '\0' && pos + 1 < cap) {
        dst[pos++] = *s++;
    }
    dst[pos] = '\0';
    return pos;
}

static size_t put_u64(char *dst, size_t pos, size_t cap, uint64_t v)
{
    /* raft_control_decimal avoids 64-bit division: firmware then need not
     * link libgcc's __udivmoddi4 for file names and fault texts. */
    char digits[RAFT_CONTROL_U64_DIGITS_MAX];
    size_t n = raft_control_decimal(v, digits, sizeof digits);
    for (size_t i = 0; i < n && pos + 1 < cap; i++) {
        dst[pos++] = digits[i];
    }
    dst[pos] = '\0';
    return pos;
}

static void make_name(char *dst, uint32_t node, const char *what)
{
    size_t pos = put_text(dst, 0, RAFT_FILE_NAME_MAX, "raft_node_");
    pos = put_u64(dst, pos, RAFT_FILE_NAME_MAX, node);
    pos = put_text(dst, pos, RAFT_FILE_NAME_MAX, "_");
    put_text(dst, pos, RAFT_FILE_NAME_MAX, what);
}

/* "x.bin" → "x.tmp" */
static void temp_name(char *dst, const char *bin)
{
    size_t len = strlen(bin);
    memcpy(dst, bin, len + 1);
    memcpy(dst + len - 3, "tmp", 3);
}

/* ---- faults ----------------------------------------------------------- */

static int fail(struct raft_file_storage *f, int code, const char *file, uint64_t offset, const char *reason)
{
    f->fault.code = code;
    f->fault.reason = reason;
    put_text(f->fault.file, 0, sizeof f->fault.file, file);
    f->fault.offset = offset;
    return code;
}

static int io_fail(struct raft_file_storage *f, const char *file, const char *reason)
{
    return fail(f, RAFT_STORAGE_ERR_IO, file, 0, reason);
}

/* ---- raw file helpers ------------------------------------------------- */

static void forget_read_ahead(struct raft_file_storage *f)
{
    f->rbuf_handle = -1;
    f->rbuf_len = 0;
}

/* Every close goes through here: a reused handle number must not find the
 * read-ahead of the file it named before. */
static int close_handle(struct raft_file_storage *f, int h)
{
    if (h == f->rbuf_handle) {
        forget_read_ahead(f);
    }
    return f->ops.close(f->ops.ctx, h);
}

/* Read exactly n bytes at offset of a READ handle; false on a short read or
 * error. Sequential reads are served from the read-ahead buffer. */
static bool read_at(struct raft_file_storage *f, int h, uint64_t offset, void *buf, uint32_t n)
{
    uint8_t *p = buf;
    while (n > 0) {
        if (h == f->rbuf_handle && offset >= f->rbuf_pos && offset < f->rbuf_pos + f->rbuf_len) {
            uint32_t at = (uint32_t)(offset - f->rbuf_pos);
            uint32_t k = f->rbuf_len - at < n ? f->rbuf_len - at : n;
            memcpy(p, f->rbuf + at, k);
            p += k;
            offset += k;
            n -= k;
            continue;
        }
        forget_read_ahead(f);
        if (offset > UINT32_MAX || f->ops.seek(f->ops.ctx, h, (uint32_t)offset) != 0) {
            return false;
        }
        uint32_t got_total = 0;
        while (got_total < sizeof f->rbuf) {
            int32_t got = f->ops.read(f->ops.ctx, h, f->rbuf + got_total, (uint32_t)sizeof f->rbuf - got_total);
            if (got < 0) {
                return false;
            }
            if (got == 0) {
                break;
            }
            got_total += (uint32_t)got;
        }
        if (got_total == 0) {
            return false; /* past the end */
        }
        f->rbuf_handle = h;
        f->rbuf_pos = offset;
        f->rbuf_len = got_total;
    }
    return true;
}

static uint32_t record_crc(uint64_t offset, const uint8_t *header5, const uint8_t *payload, uint32_t len)
{
    uint8_t salt[8];
    for (int i = 0; i < 8; i++) {
        salt[i] = (uint8_t)(offset >> (8 * i));
    }
    uint32_t crc = raft_crc32c(salt, sizeof salt);
    crc = raft_crc32c_update(crc, header5, 5);
    return raft_crc32c_update(crc, payload, len);
}

/* Fill the record header in f->record for a payload already at
 * f->record + RAFT_FILE_RECORD_HEADER; returns the record size. */
static uint32_t seal_record(struct raft_file_storage *f, uint8_t type, uint32_t len, uint64_t offset)
{
    uint8_t *r = f->record;
    r[0] = type;
    for (int i = 0; i < 4; i++) {
        r[1 + i] = (uint8_t)(len >> (8 * i));
    }
    uint32_t crc = record_crc(offset, r, r + RAFT_FILE_RECORD_HEADER, len);
    for (int i = 0; i < 4; i++) {
        r[5 + i] = (uint8_t)(crc >> (8 * i));
    }
    return RAFT_FILE_RECORD_HEADER + len;
}

static uint8_t *payload_of(struct raft_file_storage *f)
{
    return f->record + RAFT_FILE_RECORD_HEADER;
}

/* Seal the payload in the buffer as a record at *size of the open file h
 * and write it there; *size grows by the record. */
static int write_record(struct raft_file_storage *f, int h, const char *name, uint64_t *size, uint8_t type,
                        uint32_t len)
{
    uint32_t n = seal_record(f, type, len, *size);
    if (f->ops.write(f->ops.ctx, h, f->record, n) != 0) {
        return io_fail(f, name, "cannot write");
    }
    *size += n;
    return RAFT_STORAGE_OK;
}

/* Put a SYNC payload (log: last index; journal: records so far) in the
 * buffer; returns its length. */
static uint32_t encode_sync_mark(struct raft_file_storage *f, uint64_t value)
{
    struct raft_writer w;
    raft_writer_init(&w, payload_of(f), MAX_PAYLOAD);
    raft_write_u64le(&w, value);
    return (uint32_t)w.len;
}

static int write_sync_mark(struct raft_file_storage *f, int h, const char *name, uint64_t *size, uint64_t value)
{
    return write_record(f, h, name, size, REC_SYNC, encode_sync_mark(f, value));
}

enum read_result { READ_OK, READ_END, READ_TORN, READ_BAD, READ_IO };

/* Read the record at `offset` (file size `size`) into f->record. READ_END
 * at exactly the end; READ_TORN when it runs past the end; READ_BAD when
 * its type, length or CRC is wrong; READ_IO when the file ops fail (never
 * mistaken for damage, so an I/O error cannot make us drop records). */
static enum read_result read_record(struct raft_file_storage *f, int h, uint64_t offset, uint64_t size,
                                    uint8_t *type, uint32_t *len)
{
    if (offset == size) {
        return READ_END;
    }
    if (size - offset < RAFT_FILE_RECORD_HEADER) {
        return READ_TORN;
    }
    if (!read_at(f, h, offset, f->record, RAFT_FILE_RECORD_HEADER)) {
        return READ_IO;
    }
    const uint8_t *r = f->record;
    uint32_t n = (uint32_t)r[1] | (uint32_t)r[2] << 8 | (uint32_t)r[3] << 16 | (uint32_t)r[4] << 24;
    uint32_t crc = (uint32_t)r[5] | (uint32_t)r[6] << 8 | (uint32_t)r[7] << 16 | (uint32_t)r[8] << 24;
    if (r[0] < REC_LOG_HEADER || r[0] > REC_SNAPSHOT || n > MAX_PAYLOAD) {
        return READ_BAD;
    }
    if (size - offset - RAFT_FILE_RECORD_HEADER < n) {
        return READ_TORN;
    }
    if (!read_at(f, h, offset + RAFT_FILE_RECORD_HEADER, payload_of(f), n)) {
        return READ_IO;
    }
    if (record_crc(offset, r, payload_of(f), n) != crc) {
        return READ_BAD;
    }
    *type = r[0];
    *len = n;
    return READ_OK;
}

/* Decoding of fixed-layout payloads. */
static uint32_t get_u32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get_u64(const uint8_t *p)
{
    return (uint64_t)get_u32(p) | (uint64_t)get_u32(p + 4) << 32;
}

static bool check_preamble(struct raft_file_storage *f, const uint8_t *p, uint8_t version)
{
    return get_u32(p) == FORMAT_MAGIC && p[4] == version && get_u32(p + 5) == f->node_id;
}

static void put_preamble(struct raft_writer *w, uint32_t node, uint8_t version)
{
    raft_write_u32le(w, FORMAT_MAGIC);
    raft_write_u8(w, version);
    raft_write_u32le(w, node);
}

/* Make durable what earlier writes (maybe by a process that crashed before
 * its sync) left in file `name`: open for appending, sync, close. */
static int make_durable(struct raft_file_storage *f, const char *name)
{
    int h = f->ops.open(f->ops.ctx, name, RAFT_FILE_APPEND);
    if (h < 0) {
        return io_fail(f, name, "cannot open to sync");
    }
    int rc = f->ops.sync(f->ops.ctx, h);
    if (close_handle(f, h) != 0 || rc != 0) {
        return io_fail(f, name, "cannot sync");
    }
    return RAFT_STORAGE_OK;
}

/* ---- scanning record files (rule 2) ------------------------------------ */

/* Is there a valid SYNC record anywhere in (from, size)? 1 yes, 0 no,
 * -1 read error. Scans byte by byte through windows of the record buffer. */
static int sync_mark_after(struct raft_file_storage *f, int h, uint64_t from, uint64_t size)
{
    uint8_t *win = f->record;
    uint64_t win_start = 0;
    uint32_t win_len = 0;
    for (uint64_t p = from + 1; p + SYNC_RECORD <= size; p++) {
        if (p < win_start || p + SYNC_RECORD > win_start + win_len) {
            uint64_t n = size - p;
            win_len = (uint32_t)(n < sizeof f->record ? n : sizeof f->record);
            win_start = p;
            if (!read_at(f, h, p, win, win_len)) {
                return -1;
            }
        }
        const uint8_t *r = win + (p - win_start);
        if (r[0] != REC_SYNC || get_u32(r + 1) != SYNC_PAYLOAD) {
            continue;
        }
        if (record_crc(p, r, r + RAFT_FILE_RECORD_HEADER, SYNC_PAYLOAD) == get_u32(r + 5)) {
            return 1;
        }
    }
    return 0;
}

/* Called with each valid record (payload in f->record); returns NULL, or why
 * the record is wrong: a record with a good CRC but wrong content was written
 * wrong, never torn, so it is corruption. */
typedef const char *(*record_visitor)(struct raft_file_storage *f, void *ctx, uint8_t type, uint32_t len,
                                      uint64_t offset);

struct scan_result {
    uint64_t size;      /* file size */
    uint64_t valid_end; /* end of the last good record: a torn tail follows when < size */
};

/* Visit every record of the open file h from `from` on; stop at the first
 * unreadable one, which is a torn tail unless a SYNC mark follows it. */
static int scan_records(struct raft_file_storage *f, int h, const char *name, uint64_t from,
                        struct scan_result *s, record_visitor visit, void *ctx)
{
    int64_t size = f->ops.size(f->ops.ctx, h);
    if (size < 0) {
        return io_fail(f, name, "cannot read the size");
    }
    s->size = (uint64_t)size;
    uint64_t off = from;
    for (;;) {
        uint8_t type;
        uint32_t len;
        enum read_result rr = read_record(f, h, off, s->size, &type, &len);
        if (rr == READ_END) {
            break;
        }
        if (rr == READ_IO) {
            return fail(f, RAFT_STORAGE_ERR_IO, name, off, "cannot read");
        }
        if (rr == READ_OK) {
            const char *reason = visit(f, ctx, type, len, off);
            if (reason != NULL) {
                return fail(f, RAFT_STORAGE_ERR_CORRUPT, name, off, reason);
            }
            off += RAFT_FILE_RECORD_HEADER + len;
            continue;
        }
        int mark = sync_mark_after(f, h, off, s->size);
        if (mark != 0) {
            return mark < 0 ? fail(f, RAFT_STORAGE_ERR_IO, name, off, "cannot read")
                            : fail(f, RAFT_STORAGE_ERR_CORRUPT, name, off,
                                   "damaged record before the last sync mark");
        }
        break;
    }
    s->valid_end = off;
    return RAFT_STORAGE_OK;
}

/* ---- metadata journals (hard states, snapshot records) ------------------ */

/* What a pass over a metadata journal found. The payload of the latest
 * record is copied to `latest` (decoded by the caller). */
struct journal {
    const char *name;
    uint8_t type;               /* the journal's record type */
    const char *(*check)(struct raft_file_storage *f, uint32_t len); /* NULL = fine */
    uint32_t records;
    uint32_t latest_len;
    uint8_t latest[JOURNAL_PAYLOAD_MAX];
};

static const char *visit_journal(struct raft_file_storage *f, void *ctx, uint8_t type, uint32_t len, uint64_t offset)
{
    (void)offset;
    struct journal *j = ctx;
    if (type == REC_SYNC) {
        return len == SYNC_PAYLOAD && get_u64(payload_of(f)) == j->records ? NULL
                                                                            : "sync mark does not match the journal";
    }
    if (type != j->type) {
        return "record of a kind that does not belong in this file";
    }
    const char *why = len <= sizeof j->latest ? j->check(f, len) : "record too long for its kind";
    if (why != NULL) {
        return why;
    }
    j->records++;
    j->latest_len = len;
    memcpy(j->latest, payload_of(f), len);
    return NULL;
}

/* Replace journal `name` with one record (payload in the buffer, `len`
 * bytes) and its SYNC mark: temp file, sync, rename (rule 1). */
static int journal_replace(struct raft_file_storage *f, const char *name, uint8_t type, uint32_t len,
                           uint64_t *size)
{
    char tmp[RAFT_FILE_NAME_MAX];
    temp_name(tmp, name);
    int h = f->ops.open(f->ops.ctx, tmp, RAFT_FILE_CREATE);
    if (h < 0) {
        return io_fail(f, tmp, "cannot create");
    }
    uint64_t n = 0;
    int rc = write_record(f, h, tmp, &n, type, len);
    if (rc == RAFT_STORAGE_OK) {
        rc = write_sync_mark(f, h, tmp, &n, 1);
    }
    if (rc == RAFT_STORAGE_OK && f->ops.sync(f->ops.ctx, h) != 0) {
        rc = io_fail(f, tmp, "cannot sync");
    }
    if (close_handle(f, h) != 0 && rc == RAFT_STORAGE_OK) {
        rc = io_fail(f, tmp, "cannot close");
    }
    if (rc == RAFT_STORAGE_OK && f->ops.rename(f->ops.ctx, tmp, name) != 0) {
        rc = io_fail(f, name, "cannot rename the temp file over");
    }
    if (rc == RAFT_STORAGE_OK) {
        *size = n;
        f->rewrites++;
    }
    return rc;
}

/* Commit one record (payload in the buffer) to journal `name`: append it
 * and a SYNC mark, then sync (rule 2); a missing journal, or one that
 * reached journal_bytes, is replaced instead (rule 1). */
static int journal_commit(struct raft_file_storage *f, const char *name, uint8_t type, uint32_t len, uint64_t *size,
                          uint32_t *records)
{
    if (*size == 0 || *size >= f->journal_bytes) {
        int rc = journal_replace(f, name, type, len, size);
        if (rc == RAFT_STORAGE_OK) {
            *records = 1;
        }
        return rc;
    }
    int h = f->ops.open(f->ops.ctx, name, RAFT_FILE_APPEND);
    if (h < 0) {
        return io_fail(f, name, "cannot open for appending");
    }
    uint64_t n = *size;
    int rc = write_record(f, h, name, &n, type, len);
    if (rc == RAFT_STORAGE_OK) {
        rc = write_sync_mark(f, h, name, &n, (uint64_t)*records + 1u);
    }
    if (rc == RAFT_STORAGE_OK && f->ops.sync(f->ops.ctx, h) != 0) {
        rc = io_fail(f, name, "cannot sync");
    }
    if (close_handle(f, h) != 0 && rc == RAFT_STORAGE_OK) {
        rc = io_fail(f, name, "cannot close");
    }
    if (rc == RAFT_STORAGE_OK) {
        *size = n;
        (*records)++;
    }
    return rc;
}

/* Load a metadata journal: j->records == 0 when it is absent. A torn tail is
 * removed by rewriting the journal down to its latest record; otherwise the
 * journal is synced, since its last record may be in the OS cache only
 * (rule 6). *size: its size afterwards. */
static int journal_load(struct raft_file_storage *f, struct journal *j, uint64_t *size)
{
    char tmp[RAFT_FILE_NAME_MAX];
    temp_name(tmp, j->name);
    f->ops.remove(f->ops.ctx, tmp); /* a replacement never renamed: its commit never happened */
    j->records = 0;
    j->latest_len = 0;
    *size = 0;
    int h = f->ops.open(f->ops.ctx, j->name, RAFT_FILE_READ);
    if (h == RAFT_FILE_ERR_NOT_FOUND) {
        return RAFT_STORAGE_OK;
    }
    if (h < 0) {
        return io_fail(f, j->name, "cannot open");
    }
    struct scan_result s;
    int rc = scan_records(f, h, j->name, 0, &s, visit_journal, j);
    close_handle(f, h);
    if (rc != RAFT_STORAGE_OK) {
        return rc;
    }
    if (j->records == 0) {
        /* created by a rename of a complete file (rule 1): never legitimately empty */
        return fail(f, RAFT_STORAGE_ERR_CORRUPT, j->name, 0, "file is shorter than its record");
    }
    if (s.valid_end < s.size) {
        f->dropped_tail_bytes += (uint32_t)(s.size - s.valid_end);
        memcpy(payload_of(f), j->latest, j->latest_len);
        rc = journal_replace(f, j->name, j->type, j->latest_len, size);
        j->records = 1;
        return rc;
    }
    *size = s.size;
    return make_durable(f, j->name);
}

/* ---- hard state ------------------------------------------------------- */

static const char *check_hard_state(struct raft_file_storage *f, uint32_t len)
{
    return len == HARD_STATE_PAYLOAD && check_preamble(f, payload_of(f), FORMAT_VERSION)
               ? NULL
               : "record of another kind, format or node";
}

static int write_hard_state(struct raft_file_storage *f)
{
    struct raft_writer w;
    raft_writer_init(&w, payload_of(f), MAX_PAYLOAD);
    put_preamble(&w, f->node_id, FORMAT_VERSION);
    raft_write_u64le(&w, f->term);
    raft_write_u32le(&w, f->vote);
    return journal_commit(f, f->name_meta, REC_HARD_STATE, (uint32_t)w.len, &f->meta_size, &f->meta_records);
}

static int load_hard_state(struct raft_file_storage *f)
{
    struct journal j;
    memset(&j, 0, sizeof j);
    j.name = f->name_meta;
    j.type = REC_HARD_STATE;
    j.check = check_hard_state;
    int rc = journal_load(f, &j, &f->meta_size);
    f->meta_records = j.records;
    if (rc != RAFT_STORAGE_OK) {
        return rc;
    }
    f->term = j.records ? get_u64(j.latest + 9) : 0;
    f->vote = j.records ? get_u32(j.latest + 17) : RAFT_STORAGE_NO_VOTE;
    return RAFT_STORAGE_OK;
}

/* ---- snapshot records and data ----------------------------------------- */

static uint32_t encode_snapshot_meta(struct raft_file_storage *f, const struct raft_snapshot_meta *m,
                                     uint32_t data_offset)
{
    struct raft_writer w;
    raft_writer_init(&w, payload_of(f), MAX_PAYLOAD);
    put_preamble(&w, f->node_id, SNAPSHOT_VERSION);
    raft_write_u64le(&w, m->index);
    raft_write_u64le(&w, m->term);
    raft_write_u32le(&w, m->data_len);
    raft_write_u32le(&w, m->data_crc);
    raft_write_u32le(&w, m->conf_len);
    raft_write_raw(&w, m->conf, m->conf_len);
    raft_write_u32le(&w, data_offset);
    return (uint32_t)w.len;
}

/* Decode a snapshot record payload (version 1: data at offset 0). */
static bool decode_snapshot_meta(struct raft_file_storage *f, const uint8_t *p, uint32_t len,
                                 struct raft_snapshot_meta *m, uint32_t *data_offset)
{
    if (len < SNAPSHOT_FIXED) {
        return false;
    }
    uint8_t version = check_preamble(f, p, SNAPSHOT_VERSION) ? SNAPSHOT_VERSION
                      : check_preamble(f, p, FORMAT_VERSION)  ? FORMAT_VERSION
                                                              : 0;
    uint32_t conf_len = get_u32(p + 33);
    uint32_t extra = version == SNAPSHOT_VERSION ? SNAPSHOT_OFFSET : 0;
    if (version == 0 || conf_len > RAFT_STORAGE_CONF_MAX || len != SNAPSHOT_FIXED + conf_len + extra) {
        return false;
    }
    memset(m, 0, sizeof *m);
    m->index = get_u64(p + 9);
    m->term = get_u64(p + 17);
    m->data_len = get_u32(p + 25);
    m->data_crc = get_u32(p + 29);
    m->conf_len = conf_len;
    memcpy(m->conf, p + SNAPSHOT_FIXED, conf_len);
    *data_offset = extra ? get_u32(p + SNAPSHOT_FIXED + conf_len) : 0;
    return m->index > 0 && (uint64_t)*data_offset + m->data_len <= UINT32_MAX;
}

static const char *check_snapshot(struct raft_file_storage *f, uint32_t len)
{
    struct raft_snapshot_meta m;
    uint32_t off;
    return decode_snapshot_meta(f, payload_of(f), len, &m, &off) ? NULL : "snapshot record fields out of range";
}

enum match { MATCH, NO_MATCH, MATCH_ABSENT, MATCH_IO };

/* Does file `name` hold at [offset, offset + m->data_len) exactly the data
 * m describes? *size: the file's size. */
static enum match data_matches(struct raft_file_storage *f, const char *name, uint32_t offset,
                               const struct raft_snapshot_meta *m, uint64_t *size)
{
    int h = f->ops.open(f->ops.ctx, name, RAFT_FILE_READ);
    if (h == RAFT_FILE_ERR_NOT_FOUND) {
        return MATCH_ABSENT;
    }
    if (h < 0) {
        io_fail(f, name, "cannot open");
        return MATCH_IO;
    }
    int64_t got = f->ops.size(f->ops.ctx, h);
    bool ok = got >= 0;
    enum match result = NO_MATCH;
    if (ok && (uint64_t)got >= (uint64_t)offset + m->data_len) {
        uint32_t c = 0;
        for (uint32_t done = 0; ok && done < m->data_len;) {
            uint32_t n = m->data_len - done < sizeof f->record ? m->data_len - done : (uint32_t)sizeof f->record;
            ok = read_at(f, h, (uint64_t)offset + done, f->record, n);
            c = raft_crc32c_update(c, f->record, n);
            done += n;
        }
        result = ok && c == m->data_crc ? MATCH : NO_MATCH;
    }
    close_handle(f, h);
    *size = ok ? (uint64_t)got : 0;
    if (!ok) {
        io_fail(f, name, "cannot read");
        return MATCH_IO;
    }
    return result;
}

/* Find the committed snapshot and its data, finishing an interrupted
 * commit (rule 4). */
static int load_snapshot(struct raft_file_storage *f)
{
    char data_tmp[RAFT_FILE_NAME_MAX];
    temp_name(data_tmp, f->name_snap_data);
    memset(&f->snap, 0, sizeof f->snap);
    f->snap_data_offset = 0;
    f->data_exists = false;
    f->data_size = 0;

    struct journal j;
    memset(&j, 0, sizeof j);
    j.name = f->name_snap_meta;
    j.type = REC_SNAPSHOT;
    j.check = check_snapshot;
    int rc = journal_load(f, &j, &f->snap_meta_size);
    f->snap_meta_records = j.records;
    if (rc != RAFT_STORAGE_OK) {
        return rc;
    }
    if (j.records == 0) {
        uint64_t size;
        struct raft_snapshot_meta none;
        memset(&none, 0, sizeof none);
        enum match dm = data_matches(f, f->name_snap_data, 0, &none, &size);
        if (dm == MATCH_IO) {
            return f->fault.code;
        }
        if (dm != MATCH_ABSENT) {
            return fail(f, RAFT_STORAGE_ERR_CORRUPT, f->name_snap_data, 0, "snapshot data without snapshot metadata");
        }
        f->ops.remove(f->ops.ctx, data_tmp);
        return RAFT_STORAGE_OK;
    }
    decode_snapshot_meta(f, j.latest, j.latest_len, &f->snap, &f->snap_data_offset);
    uint64_t size = 0;
    enum match in_bin = data_matches(f, f->name_snap_data, f->snap_data_offset, &f->snap, &size);
    if (in_bin == MATCH_IO) {
        return f->fault.code;
    }
    if (in_bin != MATCH) {
        /* (c) happened, (d) did not: the data is in data.tmp, synced at (b). */
        uint64_t tmp_size = 0;
        enum match in_tmp = data_matches(f, data_tmp, f->snap_data_offset, &f->snap, &tmp_size);
        if (in_tmp == MATCH_IO) {
            return f->fault.code;
        }
        if (in_tmp != MATCH) {
            return fail(f, RAFT_STORAGE_ERR_CORRUPT, f->name_snap_data, f->snap_data_offset,
                        "snapshot data missing or its length/CRC differs from the metadata");
        }
        rc = make_durable(f, data_tmp);
        if (rc != RAFT_STORAGE_OK) {
            return rc;
        }
        if (f->ops.rename(f->ops.ctx, data_tmp, f->name_snap_data) != 0) {
            return io_fail(f, data_tmp, "cannot finish the snapshot install (rename)");
        }
        size = tmp_size;
    }
    f->ops.remove(f->ops.ctx, data_tmp); /* data of a commit that never reached (c) */
    f->data_exists = true;
    f->data_size = size;
    return RAFT_STORAGE_OK;
}

/* ---- log -------------------------------------------------------------- */

static void forget_checkpoints(struct raft_file_storage *f)
{
    memset(f->checkpoints, 0, sizeof f->checkpoints);
    f->checkpoint_next = 0;
}

static void note_entry_position(struct raft_file_storage *f, uint64_t index, uint64_t offset)
{
    if (index % CHECKPOINT_STRIDE != 0 || offset > UINT32_MAX) {
        return;
    }
    struct raft_file_checkpoint *cp = &f->checkpoints[f->checkpoint_next];
    cp->index = index;
    cp->offset = (uint32_t)offset;
    f->checkpoint_next = (f->checkpoint_next + 1u) % RAFT_FILE_CHECKPOINTS;
}

static uint32_t encode_entry(struct raft_file_storage *f, uint64_t index, uint64_t term, uint8_t type,
                             const uint8_t *data, uint32_t len)
{
    struct raft_writer w;
    raft_writer_init(&w, payload_of(f), MAX_PAYLOAD);
    raft_write_u64le(&w, index);
    raft_write_u64le(&w, term);
    raft_write_u8(&w, type);
    raft_write_u32le(&w, len);
    raft_write_raw(&w, data, len);
    return (uint32_t)w.len;
}

/* Append an ENTRY record (payload in the buffer) to the log file being
 * written through h, remembering its position. */
static int write_entry_record(struct raft_file_storage *f, int h, const char *name, uint64_t *size, uint32_t len)
{
    uint64_t at = *size;
    int rc = write_record(f, h, name, size, REC_ENTRY, len);
    if (rc == RAFT_STORAGE_OK) {
        note_entry_position(f, get_u64(payload_of(f)), at);
    }
    return rc;
}

/* ---- the log's hot path: a batch's records, one write per sync --------- */

/* Where the next log record goes: after the written records and the ones
 * collected for the next write. */
static uint64_t log_end(const struct raft_file_storage *f)
{
#if RAFT_FILE_WRITE_BUFFER > 0
    return f->log_size + f->pending_len;
#else
    return f->log_size;
#endif
}

/* Write n bytes of records at log_size. A preallocated file is extended
 * first when they would pass its end, so the write (and the sync after it)
 * never changes the file's length or block map. */
static int log_write(struct raft_file_storage *f, const uint8_t *buf, uint32_t n)
{
    if (f->log_preallocated) {
        if (f->log_size + n > f->log_file_size) {
            uint64_t size = f->log_size + n + f->preallocate_bytes;
            if (f->ops.extend(f->ops.ctx, f->log_handle, size) != 0) {
                return io_fail(f, f->name_log, "cannot extend (preallocate)");
            }
            f->log_file_size = size;
            f->extensions++;
        }
        if (f->ops.write_at(f->ops.ctx, f->log_handle, f->log_size, buf, n) != 0) {
            return io_fail(f, f->name_log, "cannot write");
        }
    } else if (f->ops.write(f->ops.ctx, f->log_handle, buf, n) != 0) {
        return io_fail(f, f->name_log, "cannot write");
    }
    f->log_size += n;
    f->log_writes++;
    return RAFT_STORAGE_OK;
}

/* Write the records collected so far (before a sync, and before anything
 * reads or replaces the log file). */
static int log_flush(struct raft_file_storage *f)
{
#if RAFT_FILE_WRITE_BUFFER > 0
    if (f->pending_len > 0) {
        uint32_t n = f->pending_len;
        f->pending_len = 0;
        return log_write(f, f->pending, n);
    }
#else
    (void)f;
#endif
    return RAFT_STORAGE_OK;
}

/* Seal the payload in the buffer as a log record at log_end and collect it
 * for the next write (or write it now: no buffer, or a record larger than
 * the buffer). */
static int log_record(struct raft_file_storage *f, uint8_t type, uint32_t len)
{
    uint32_t n = seal_record(f, type, len, log_end(f));
#if RAFT_FILE_WRITE_BUFFER > 0
    if (f->pending_len + n > sizeof f->pending) {
        int rc = log_flush(f);
        if (rc != RAFT_STORAGE_OK) {
            return rc;
        }
    }
    if (n <= sizeof f->pending) {
        memcpy(f->pending + f->pending_len, f->record, n);
        f->pending_len += n;
        return RAFT_STORAGE_OK;
    }
#endif
    return log_write(f, f->record, n);
}

/* What a pass over the log found. */
struct log_scan {
    uint64_t base_index, base_term;
    uint64_t last_index, last_term;
    uint32_t header_end;
    uint64_t probe_index;    /* term of this index is reported in probe_term */
    uint64_t probe_term;
};

static const char *visit_log(struct raft_file_storage *f, void *ctx, uint8_t type, uint32_t len, uint64_t offset)
{
    struct log_scan *s = ctx;
    const uint8_t *p = payload_of(f);
    if (offset == 0) {
        if (type != REC_LOG_HEADER || len != LOG_HEADER_PAYLOAD || !check_preamble(f, p, FORMAT_VERSION)) {
            return "missing or damaged log header";
        }
        s->base_index = s->last_index = get_u64(p + 9);
        s->base_term = s->last_term = get_u64(p + 17);
        s->probe_term = s->probe_index == s->base_index ? s->base_term : 0;
        s->header_end = RAFT_FILE_RECORD_HEADER + len;
        return NULL;
    }
    if (type == REC_ENTRY) {
        uint64_t index = get_u64(p), term = get_u64(p + 8);
        if (len < RAFT_FILE_ENTRY_HEADER || get_u32(p + 17) != len - RAFT_FILE_ENTRY_HEADER ||
            get_u32(p + 17) > RAFT_MAX_ENTRY_SIZE) {
            return "entry record with inconsistent length";
        }
        if (index != s->last_index + 1u) {
            return "entry index does not follow the previous one";
        }
        if (term < s->last_term) {
            return "entry term lower than the previous entry's";
        }
        s->last_index = index;
        s->last_term = term;
        if (index == s->probe_index) {
            s->probe_term = term;
        }
        note_entry_position(f, index, offset);
        return NULL;
    }
    if (type == REC_SYNC) {
        return len == SYNC_PAYLOAD && get_u64(p) == s->last_index ? NULL : "sync mark does not match the log";
    }
    return "record of a kind that does not belong in a log";
}

static void close_log(struct raft_file_storage *f)
{
    if (f->log_handle >= 0) {
        close_handle(f, f->log_handle);
        f->log_handle = -1;
    }
}

/* Open the log (whose valid records end at log_size) for appending. The
 * file is `file_size` bytes long: log_size, plus the zeros of an earlier
 * preallocation. */
static int open_log_for_append(struct raft_file_storage *f, uint64_t file_size)
{
    f->log_preallocated = f->preallocate_bytes > 0;
    f->log_file_size = file_size;
    f->log_handle =
        f->ops.open(f->ops.ctx, f->name_log, f->log_preallocated ? RAFT_FILE_UPDATE : RAFT_FILE_APPEND);
    if (f->log_handle < 0) {
        f->log_handle = -1;
        return io_fail(f, f->name_log, "cannot open for appending");
    }
    return RAFT_STORAGE_OK;
}

/* Where in the log file entry `index` is: its term and the offset just after
 * it (where entry index + 1 starts). Reads forward from the nearest
 * remembered position, never the whole dead prefix. 1 found, 0 not in the
 * log, < 0 error. */
static int locate_entry(struct raft_file_storage *f, uint64_t index, uint64_t *term, uint64_t *after)
{
    int flushed = log_flush(f);
    if (flushed != RAFT_STORAGE_OK) {
        return flushed;
    }
    if (index == f->log_base_index) {
        *term = f->log_base_term;
        *after = f->log_header_end;
        return 1;
    }
    if (index < f->log_base_index || index > f->last_index) {
        return 0;
    }
    uint64_t from = f->log_header_end, from_index = f->log_base_index + 1u;
    for (uint32_t i = 0; i < RAFT_FILE_CHECKPOINTS; i++) {
        const struct raft_file_checkpoint *cp = &f->checkpoints[i];
        if (cp->index != 0 && cp->index <= index && cp->index > from_index) {
            from = cp->offset;
            from_index = cp->index;
        }
    }
    int h = f->ops.open(f->ops.ctx, f->name_log, RAFT_FILE_READ);
    if (h < 0) {
        return io_fail(f, f->name_log, "cannot open");
    }
    int found = 0;
    for (uint64_t off = from; found == 0 && off < f->log_size;) {
        uint8_t type;
        uint32_t len;
        if (read_record(f, h, off, f->log_size, &type, &len) != READ_OK) {
            found = fail(f, RAFT_STORAGE_ERR_IO, f->name_log, off, "record changed since it was written");
            break;
        }
        off += RAFT_FILE_RECORD_HEADER + len;
        if (type == REC_ENTRY && get_u64(payload_of(f)) == index) {
            *term = get_u64(payload_of(f) + 8);
            *after = off;
            found = 1;
        }
    }
    close_handle(f, h);
    return found;
}

/*
 * Replace the log (rule 3) with: header (new_base, new_base_term), then the
 * entries of the current log with index in (new_base, keep_upto], read from
 * byte `from` (a record boundary at or before the first of them), then a
 * sync mark. Nothing is read when keep_upto <= new_base or the log file does
 * not exist (f->log_size == 0).
 */
static int rewrite_log(struct raft_file_storage *f, uint64_t new_base, uint64_t new_base_term, uint64_t keep_upto,
                       uint64_t from)
{
    char tmp[RAFT_FILE_NAME_MAX];
    temp_name(tmp, f->name_log);
    int flushed = log_flush(f);
    if (flushed != RAFT_STORAGE_OK) {
        return flushed;
    }
    close_log(f);
    uint64_t old_size = f->log_size;
    forget_checkpoints(f); /* positions in the new file are noted as it is written */
    int in = -1;
    if (old_size > 0 && keep_upto > new_base) {
        in = f->ops.open(f->ops.ctx, f->name_log, RAFT_FILE_READ);
        if (in < 0) {
            return io_fail(f, f->name_log, "cannot open");
        }
    }
    int out = f->ops.open(f->ops.ctx, tmp, RAFT_FILE_CREATE);
    if (out < 0) {
        if (in >= 0) {
            close_handle(f, in);
        }
        return io_fail(f, tmp, "cannot create");
    }
    uint64_t out_size = 0;
    uint64_t last = new_base, last_term = new_base_term;
    struct raft_writer w;
    raft_writer_init(&w, payload_of(f), MAX_PAYLOAD);
    put_preamble(&w, f->node_id, FORMAT_VERSION);
    raft_write_u64le(&w, new_base);
    raft_write_u64le(&w, new_base_term);
    int rc = write_record(f, out, tmp, &out_size, REC_LOG_HEADER, (uint32_t)w.len);
    uint32_t header_end = (uint32_t)out_size;

    uint64_t off = from;
    while (rc == RAFT_STORAGE_OK && in >= 0 && off < old_size && last < keep_upto) {
        uint8_t type;
        uint32_t len;
        if (read_record(f, in, off, old_size, &type, &len) != READ_OK) {
            rc = fail(f, RAFT_STORAGE_ERR_IO, f->name_log, off, "record changed while rewriting");
            break;
        }
        off += RAFT_FILE_RECORD_HEADER + len;
        if (type != REC_ENTRY) {
            continue;
        }
        uint64_t index = get_u64(payload_of(f)), term = get_u64(payload_of(f) + 8);
        if (index <= new_base) {
            continue;
        }
        if (index != last + 1u) {
            rc = fail(f, RAFT_STORAGE_ERR_IO, f->name_log, off, "entries changed while rewriting");
            break;
        }
        rc = write_entry_record(f, out, tmp, &out_size, len);
        last = index;
        last_term = term;
    }
    if (in >= 0) {
        close_handle(f, in);
    }
    if (rc == RAFT_STORAGE_OK) {
        rc = write_sync_mark(f, out, tmp, &out_size, last);
    }
    if (rc == RAFT_STORAGE_OK && f->ops.sync(f->ops.ctx, out) != 0) {
        rc = io_fail(f, tmp, "cannot sync");
    }
    if (close_handle(f, out) != 0 && rc == RAFT_STORAGE_OK) {
        rc = io_fail(f, tmp, "cannot close");
    }
    if (rc == RAFT_STORAGE_OK && f->ops.rename(f->ops.ctx, tmp, f->name_log) != 0) {
        rc = io_fail(f, f->name_log, "cannot rename the temp file over");
    }
    if (rc != RAFT_STORAGE_OK) {
        forget_checkpoints(f); /* they describe the temp file */
        return rc;
    }
    f->rewrites++;
    f->log_size = out_size;
    f->log_header_end = header_end;
    f->log_base_index = new_base;
    f->log_base_term = new_base_term;
    f->last_index = last;
    f->last_term = last_term;
    f->log_unsynced = false;
    return open_log_for_append(f, out_size);
}

/* Raft's compaction rule for a snapshot at (index, term): if the log holds
 * that entry, the entries up to it become a dead prefix, rewritten away only
 * once it reaches compact_bytes and outweighs the live part (or at once with
 * `tidy`, when the file is rewritten anyway); else the log is rewritten
 * empty from the snapshot. */
static int compact_log(struct raft_file_storage *f, uint64_t index, uint64_t term, bool tidy)
{
    uint64_t have = 0, live_from = 0;
    int found = locate_entry(f, index, &have, &live_from);
    if (found < 0) {
        return found;
    }
    if (found == 0 || have != term) {
        return rewrite_log(f, index, term, index, 0);
    }
    uint64_t dead = live_from - f->log_header_end;
    if (tidy || (dead >= f->compact_bytes && dead >= f->log_size - live_from)) {
        return rewrite_log(f, index, term, f->last_index, live_from);
    }
    return RAFT_STORAGE_OK;
}

/* Are bytes [from, size) of the READ handle h all zero? 1 yes, 0 no, -1
 * read error. */
static int all_zero(struct raft_file_storage *f, int h, uint64_t from, uint64_t size)
{
    while (from < size) {
        uint32_t n = size - from < sizeof f->record ? (uint32_t)(size - from) : (uint32_t)sizeof f->record;
        if (!read_at(f, h, from, f->record, n)) {
            return -1;
        }
        for (uint32_t i = 0; i < n; i++) {
            if (f->record[i] != 0) {
                return 0;
            }
        }
        from += n;
    }
    return 1;
}

static int load_log(struct raft_file_storage *f)
{
    char tmp[RAFT_FILE_NAME_MAX];
    temp_name(tmp, f->name_log);
    f->ops.remove(f->ops.ctx, tmp); /* an unfinished rewrite; .bin rules */
    forget_checkpoints(f);

    int h = f->ops.open(f->ops.ctx, f->name_log, RAFT_FILE_READ);
    if (h == RAFT_FILE_ERR_NOT_FOUND) {
        /* First start, or the log was never created: an empty log that
         * continues from the snapshot (if any). */
        f->log_size = 0;
        return rewrite_log(f, f->snap.index, f->snap.term, f->snap.index, 0);
    }
    if (h < 0) {
        return io_fail(f, f->name_log, "cannot open");
    }
    struct log_scan s;
    memset(&s, 0, sizeof s);
    s.probe_index = f->snap.index;
    struct scan_result r;
    int rc = scan_records(f, h, f->name_log, 0, &r, visit_log, &s);
    /* Zeros up to the end are the room a preallocation left, not a torn
     * tail (every record starts with a non-zero type): the next append
     * overwrites them. Only for a build that preallocates; any other
     * rewrites the file without them, as appending after them would turn
     * them into damage before a sync mark. */
    int zero_tail = 0;
    if (rc == RAFT_STORAGE_OK && r.valid_end < r.size && f->preallocate_bytes > 0) {
        zero_tail = all_zero(f, h, r.valid_end, r.size);
        if (zero_tail < 0) {
            rc = fail(f, RAFT_STORAGE_ERR_IO, f->name_log, r.valid_end, "cannot read");
        }
    }
    close_handle(f, h);
    if (rc != RAFT_STORAGE_OK) {
        return rc;
    }
    if (s.header_end == 0) {
        return fail(f, RAFT_STORAGE_ERR_CORRUPT, f->name_log, 0, "missing or damaged log header");
    }
    f->log_size = r.valid_end;
    f->log_header_end = s.header_end;
    f->log_base_index = s.base_index;
    f->log_base_term = s.base_term;
    f->last_index = s.last_index;
    f->last_term = s.last_term;
    if (s.base_index > f->snap.index) {
        return fail(f, RAFT_STORAGE_ERR_CORRUPT, f->name_log, 0,
                    "log starts after the snapshot: snapshot files are missing or older than the log");
    }
    bool holds_snapshot = s.probe_term == f->snap.term && s.last_index >= f->snap.index;
    if (!holds_snapshot) {
        /* Snapshot committed, compaction (rule 4e) not done: redo it. */
        return rewrite_log(f, f->snap.index, f->snap.term, f->snap.index, 0);
    }
    if (r.valid_end < r.size && !zero_tail) {
        /* Torn tail: keep only the good records (no ftruncate here). */
        f->dropped_tail_bytes += (uint32_t)(r.size - r.valid_end);
        return compact_log(f, f->snap.index, f->snap.term, true);
    }
    /* The records just read may still be only in the OS cache (a process
     * crash before its sync): the node builds on them at once, so sync. */
    rc = open_log_for_append(f, r.size);
    if (rc == RAFT_STORAGE_OK && f->ops.sync(f->ops.ctx, f->log_handle) != 0) {
        rc = io_fail(f, f->name_log, "cannot sync");
    }
    return rc;
}

/* ---- ops -------------------------------------------------------------- */

static void stop_loading(struct raft_file_storage *f)
{
    if (f->load_handle >= 0) {
        close_handle(f, f->load_handle);
        f->load_handle = -1;
    }
}

static int file_load(void *self, struct raft_storage_state *out)
{
    struct raft_file_storage *f = self;
    memset(&f->fault, 0, sizeof f->fault);
    f->dropped_tail_bytes = 0;
    stop_loading(f);
#if RAFT_FILE_WRITE_BUFFER > 0
    f->pending_len = 0; /* records of a batch that never synced: the files decide */
#endif
    close_log(f);
    int rc = load_hard_state(f);
    if (rc == RAFT_STORAGE_OK) {
        rc = load_snapshot(f);
    }
    if (rc == RAFT_STORAGE_OK) {
        rc = load_log(f);
    }
    if (rc != RAFT_STORAGE_OK) {
        return rc;
    }
    f->hard_state_dirty = false;
    out->term = f->term;
    out->vote = f->vote;
    out->snapshot = f->snap;
    out->first_index = f->snap.index + 1u;
    out->last_index = f->last_index;
    out->last_term = f->last_term;

    /* next_entry skips the dead prefix (entries up to the snapshot): start
     * at the live log, found from a remembered position. */
    uint64_t term, live_from;
    int found = locate_entry(f, f->snap.index, &term, &live_from);
    if (found < 0) {
        return found;
    }
    f->load_handle = f->ops.open(f->ops.ctx, f->name_log, RAFT_FILE_READ);
    if (f->load_handle < 0) {
        f->load_handle = -1;
        return io_fail(f, f->name_log, "cannot open");
    }
    f->load_pos = found ? live_from : f->log_header_end;
    f->load_end = f->log_size;
    return RAFT_STORAGE_OK;
}

static int file_next_entry(void *self, struct raft_storage_entry *out)
{
    struct raft_file_storage *f = self;
    while (f->load_handle >= 0) {
        uint8_t type;
        uint32_t len;
        enum read_result rr = read_record(f, f->load_handle, f->load_pos, f->load_end, &type, &len);
        if (rr == READ_END) {
            stop_loading(f);
            return 0;
        }
        if (rr != READ_OK) {
            stop_loading(f);
            return fail(f, RAFT_STORAGE_ERR_IO, f->name_log, f->load_pos, "record changed since start-up");
        }
        f->load_pos += RAFT_FILE_RECORD_HEADER + len;
        const uint8_t *p = payload_of(f);
        if (type != REC_ENTRY || get_u64(p) <= f->snap.index) {
            continue; /* sync marks and the dead prefix */
        }
        out->index = get_u64(p);
        out->term = get_u64(p + 8);
        out->type = p[16];
        out->len = get_u32(p + 17);
        out->data = p + RAFT_FILE_ENTRY_HEADER;
        return 1;
    }
    return 0;
}

static int file_set_hard_state(void *self, uint64_t term, uint32_t vote)
{
    struct raft_file_storage *f = self;
    f->term = term;
    f->vote = vote;
    f->hard_state_dirty = true;
    return RAFT_STORAGE_OK;
}

static int file_append(void *self, const struct raft_storage_entry *entry)
{
    struct raft_file_storage *f = self;
    stop_loading(f);
    if (f->log_handle < 0 || entry->index != f->last_index + 1u) {
        return RAFT_STORAGE_ERR_INVALID;
    }
    if (entry->len > RAFT_MAX_ENTRY_SIZE) {
        return RAFT_STORAGE_ERR_TOO_LARGE;
    }
    uint64_t at = log_end(f);
    if (at > UINT32_MAX - RAFT_FILE_RECORD_MAX - SYNC_RECORD) {
        return io_fail(f, f->name_log, "log file at its 4 GiB limit");
    }
    uint32_t len = encode_entry(f, entry->index, entry->term, entry->type, entry->data, entry->len);
    int rc = log_record(f, REC_ENTRY, len);
    if (rc == RAFT_STORAGE_OK) {
        note_entry_position(f, entry->index, at);
        f->last_index = entry->index;
        f->last_term = entry->term;
        f->log_unsynced = true;
    }
    return rc;
}

static int file_truncate(void *self, uint64_t from)
{
    struct raft_file_storage *f = self;
    stop_loading(f);
    if (f->log_handle < 0 || from <= f->snap.index || from <= f->log_base_index) {
        return RAFT_STORAGE_ERR_INVALID;
    }
    if (from > f->last_index) {
        return RAFT_STORAGE_OK;
    }
    /* The rewrite drops the dead prefix too: start at the snapshot. */
    uint64_t term, live_from;
    int found = locate_entry(f, f->snap.index, &term, &live_from);
    if (found <= 0) {
        return found < 0 ? found : fail(f, RAFT_STORAGE_ERR_IO, f->name_log, 0, "snapshot entry not in the log");
    }
    return rewrite_log(f, f->snap.index, term, from - 1u, live_from);
}

static int file_sync(void *self)
{
    struct raft_file_storage *f = self;
    stop_loading(f);
    if (f->log_handle < 0) {
        return RAFT_STORAGE_ERR_INVALID;
    }
    if (f->hard_state_dirty) {
        int rc = write_hard_state(f);
        if (rc != RAFT_STORAGE_OK) {
            return rc;
        }
        f->hard_state_dirty = false;
    }
    if (f->log_unsynced) {
        int rc = log_record(f, REC_SYNC, encode_sync_mark(f, f->last_index));
        if (rc == RAFT_STORAGE_OK) {
            rc = log_flush(f);
        }
        if (rc != RAFT_STORAGE_OK) {
            return rc;
        }
        if (f->ops.sync(f->ops.ctx, f->log_handle) != 0) {
            return io_fail(f, f->name_log, "cannot sync");
        }
        f->log_unsynced = false;
    }
    return RAFT_STORAGE_OK;
}

/* The file the snapshot data is being written to: data.tmp (its name put
 * in tmp) or data.bin. */
static const char *staged_file(const struct raft_file_storage *f, char tmp[RAFT_FILE_NAME_MAX])
{
    temp_name(tmp, f->name_snap_data);
    return f->staged_in_tmp ? tmp : f->name_snap_data;
}

static void drop_staged(struct raft_file_storage *f)
{
    if (f->staged_handle >= 0) {
        close_handle(f, f->staged_handle);
        f->staged_handle = -1;
        if (f->staged_in_tmp) {
            char tmp[RAFT_FILE_NAME_MAX];
            temp_name(tmp, f->name_snap_data);
            f->ops.remove(f->ops.ctx, tmp);
        } /* else: what was appended to data.bin is superseded data */
    }
}

static int file_snapshot_begin(void *self, const struct raft_snapshot_meta *meta)
{
    struct raft_file_storage *f = self;
    stop_loading(f);
    if (meta->conf_len > RAFT_STORAGE_CONF_MAX) {
        return RAFT_STORAGE_ERR_TOO_LARGE;
    }
    if (meta->index == 0 || meta->index < f->snap.index || f->log_handle < 0) {
        return RAFT_STORAGE_ERR_INVALID;
    }
    drop_staged(f);
    /* Append to data.bin unless it is missing (files are created by rename)
     * or mostly superseded data (then start a fresh one). */
    uint64_t live = f->snap.index ? f->snap.data_len : 0;
    uint64_t dead = f->data_size > live ? f->data_size - live : 0;
    f->staged_in_tmp = !f->data_exists || f->data_size >= UINT32_MAX / 2u ||
                       (dead >= f->compact_bytes && dead >= live);
    char tmp[RAFT_FILE_NAME_MAX];
    const char *name = staged_file(f, tmp);
    f->staged_handle = f->ops.open(f->ops.ctx, name, f->staged_in_tmp ? RAFT_FILE_CREATE : RAFT_FILE_APPEND);
    if (f->staged_handle < 0) {
        f->staged_handle = -1;
        return io_fail(f, name, "cannot open for the snapshot data");
    }
    f->staged = *meta;
    f->staged.data_len = 0;
    f->staged_offset = f->staged_in_tmp ? 0 : (uint32_t)f->data_size;
    f->staged_crc = 0;
    return RAFT_STORAGE_OK;
}

static int file_snapshot_write(void *self, uint32_t offset, const void *data, size_t len)
{
    struct raft_file_storage *f = self;
    if (f->staged_handle < 0 || offset != f->staged.data_len) {
        return RAFT_STORAGE_ERR_INVALID;
    }
    if (len > UINT32_MAX / 2u - f->staged.data_len) {
        return RAFT_STORAGE_ERR_FULL;
    }
    if (len > 0 && f->ops.write(f->ops.ctx, f->staged_handle, data, (uint32_t)len) != 0) {
        char tmp[RAFT_FILE_NAME_MAX];
        return io_fail(f, staged_file(f, tmp), "cannot write the snapshot data");
    }
    f->staged_crc = raft_crc32c_update(f->staged_crc, data, len);
    f->staged.data_len += (uint32_t)len;
    if (!f->staged_in_tmp) {
        f->data_size += len;
    }
    return RAFT_STORAGE_OK;
}

static int file_snapshot_commit(void *self)
{
    struct raft_file_storage *f = self;
    if (f->staged_handle < 0) {
        return RAFT_STORAGE_ERR_INVALID;
    }
    int rc = file_sync(f); /* (a) */
    char data_tmp[RAFT_FILE_NAME_MAX];
    const char *data_name = staged_file(f, data_tmp);
    if (rc == RAFT_STORAGE_OK && f->ops.sync(f->ops.ctx, f->staged_handle) != 0) { /* (b) */
        rc = io_fail(f, data_name, "cannot sync");
    }
    if (close_handle(f, f->staged_handle) != 0 && rc == RAFT_STORAGE_OK) {
        rc = io_fail(f, data_name, "cannot close");
    }
    f->staged_handle = -1;
    if (rc != RAFT_STORAGE_OK) {
        if (f->staged_in_tmp) {
            f->ops.remove(f->ops.ctx, data_tmp);
        }
        return rc;
    }
    struct raft_snapshot_meta meta = f->staged;
    meta.data_crc = f->staged_crc;
    uint32_t len = encode_snapshot_meta(f, &meta, f->staged_offset);
    rc = journal_commit(f, f->name_snap_meta, REC_SNAPSHOT, len, &f->snap_meta_size, &f->snap_meta_records); /* (c) */
    if (rc != RAFT_STORAGE_OK) {
        return rc;
    }
    if (f->staged_in_tmp) { /* (d) */
        if (f->ops.rename(f->ops.ctx, data_tmp, f->name_snap_data) != 0) {
            return io_fail(f, f->name_snap_data, "cannot rename the temp file over");
        }
        f->data_exists = true;
        f->data_size = meta.data_len;
        f->rewrites++;
    }
    f->snap = meta;
    f->snap_data_offset = f->staged_offset;
    return compact_log(f, meta.index, meta.term, false); /* (e) */
}

static void file_snapshot_abort(void *self)
{
    drop_staged(self);
}

static int file_snapshot_read(void *self, uint32_t offset, void *buf, size_t cap, size_t *out_len)
{
    struct raft_file_storage *f = self;
    *out_len = 0;
    if (offset > f->snap.data_len) {
        return RAFT_STORAGE_ERR_INVALID;
    }
    size_t n = f->snap.data_len - offset;
    if (n > cap) {
        n = cap;
    }
    if (n == 0) {
        return RAFT_STORAGE_OK;
    }
    int h = f->ops.open(f->ops.ctx, f->name_snap_data, RAFT_FILE_READ);
    if (h < 0) {
        return io_fail(f, f->name_snap_data, "cannot open");
    }
    bool ok = read_at(f, h, (uint64_t)f->snap_data_offset + offset, buf, (uint32_t)n);
    close_handle(f, h);
    if (!ok) {
        return io_fail(f, f->name_snap_data, "cannot read");
    }
    *out_len = n;
    return RAFT_STORAGE_OK;
}

static size_t file_describe_fault(void *self, char *buf, size_t cap)
{
    const struct raft_file_storage *f = self;
    if (f->fault.code == 0) {
        if (cap > 0) {
            buf[0] = '\0';
        }
        return 0;
    }
    return raft_file_storage_describe_fault(f, buf, cap);
}

static const struct raft_storage_ops file_ops = {
    .load = file_load,
    .next_entry = file_next_entry,
    .set_hard_state = file_set_hard_state,
    .append = file_append,
    .truncate = file_truncate,
    .sync = file_sync,
    .snapshot_begin = file_snapshot_begin,
    .snapshot_write = file_snapshot_write,
    .snapshot_commit = file_snapshot_commit,
    .snapshot_abort = file_snapshot_abort,
    .snapshot_read = file_snapshot_read,
    .describe_fault = file_describe_fault,
};

void raft_file_storage_init(struct raft_file_storage *f, const struct raft_file_ops *ops, uint32_t node_id)
{
    struct raft_file_ops copy = *ops; /* ops may point into *f (re-init) */
    memset(f, 0, sizeof *f);
    f->ops = copy;
    f->node_id = node_id;
    f->compact_bytes = RAFT_FILE_COMPACT_BYTES;
    f->journal_bytes = RAFT_FILE_JOURNAL_BYTES;
    f->preallocate_bytes = copy.write_at != NULL && copy.extend != NULL ? RAFT_FILE_PREALLOCATE_BYTES : 0u;
    f->log_handle = -1;
    f->staged_handle = -1;
    f->load_handle = -1;
    f->rbuf_handle = -1;
    make_name(f->name_meta, node_id, "metadata.bin");
    make_name(f->name_log, node_id, "log.bin");
    make_name(f->name_snap_meta, node_id, "snapshot_metadata.bin");
    make_name(f->name_snap_data, node_id, "snapshot_data.bin");
}

struct raft_storage raft_file_storage_as_storage(struct raft_file_storage *f)
{
    struct raft_storage s = {&file_ops, f};
    return s;
}

size_t raft_file_storage_describe_fault(const struct raft_file_storage *f, char *buf, size_t cap)
{
    if (cap == 0) {
        return 0;
    }
    const struct raft_file_fault *x = &f->fault;
    if (x->code == 0) {
        return put_text(buf, 0, cap, "no storage fault");
    }
    size_t pos = put_text(buf, 0, cap, x->file);
    pos = put_text(buf, pos, cap, " at byte ");
    pos = put_u64(buf, pos, cap, x->offset);
    pos = put_text(buf, pos, cap, ": ");
    pos = put_text(buf, pos, cap, x->reason != NULL ? x->reason : "unknown problem");
    if (x->code == RAFT_STORAGE_ERR_CORRUPT) {
        pos = put_text(buf, pos, cap,
                       " (the node's stored state is damaged; restore the file from a backup,"
                       " or remove this node's raft_node_");
        pos = put_u64(buf, pos, cap, f->node_id);
        pos = put_text(buf, pos, cap, "_* files so that it rejoins empty and catches up from the leader)");
    } else {
        pos = put_text(buf, pos, cap, " (check that the storage directory exists, is writable and has space)");
    }
    return pos;
}

void raft_file_storage_close(struct raft_file_storage *f)
{
    stop_loading(f);
    drop_staged(f);
    if (f->log_handle >= 0) {
        (void)log_flush(f); /* records not synced yet go to the file as they would unbuffered */
    }
    close_log(f);
}
