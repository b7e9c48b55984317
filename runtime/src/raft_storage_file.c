/*
 * raft_storage_file.c — Raft state in record files over struct raft_file_ops.
 *
 * Files of node N (plain names; the file ops choose the directory):
 *   raft_node_N_metadata.bin           one HARD_STATE record (term, vote)
 *   raft_node_N_log.bin                LOG_HEADER, then ENTRY and SYNC records
 *   raft_node_N_snapshot_metadata.bin  one SNAPSHOT record (index, term, conf,
 *                                      data length and CRC)
 *   raft_node_N_snapshot_data.bin      the snapshot bytes
 *   *.tmp                              the same, while being replaced
 *
 * Record: type u8 | payload length u32 LE | CRC-32C u32 LE | payload. The
 * CRC covers the record's file offset (u64 LE), type, length and payload, so
 * a record-shaped byte string inside an entry's data or a record copied to
 * another place does not pass as a record.
 *
 * Why it is crash safe (no ftruncate, no fsync needed on semihosting):
 *  1. *.bin files other than the log are only ever created by renaming a
 *     complete, synced temp file, and rename replaces atomically. So they
 *     are whole or absent; a bad one is corruption, reported, never guessed.
 *  2. The log is append-only between rewrites. sync() appends a SYNC mark,
 *     then fsyncs once. At start-up the first bad record at offset X is a
 *     torn tail (dropped) only if no valid SYNC mark exists anywhere after X:
 *     then everything from X on was never acknowledged. A valid SYNC mark
 *     after X means damage to acknowledged data: start-up fails, naming the
 *     file and X. (Cost of the rule: if the OS reorders the writes of one
 *     unfinished fsync and then loses power, the node refuses to start
 *     rather than guess — it fails safe.)
 *  3. Removing records (truncate, snapshot compaction, dropping a torn tail)
 *     rewrites the kept records into log.tmp, syncs it and renames it over
 *     log.bin: either the old or the new log exists, both complete.
 *  4. snapshot_commit: (a) sync everything written before; (b) data.tmp
 *     written and synced; (c) meta.tmp written and synced — it names the
 *     data's length and CRC; (d) rename data.tmp → data.bin; (e) rename
 *     meta.tmp → meta.bin; (f) rewrite the log from the snapshot on (3).
 *     Start-up finishes an interrupted commit: a valid meta.tmp whose data
 *     is in data.tmp or data.bin is rolled forward, after syncing meta.tmp
 *     (and data.tmp) again: a process that died inside the sync of (c)
 *     leaves meta.tmp complete in the OS cache but not on the disk, and
 *     renaming it unsynced would let a later power loss leave an empty
 *     meta.bin (found by the simulator). An incomplete meta.tmp is
 *     discarded together with data.tmp, leaving the old snapshot, which
 *     data.bin still holds because (d) only happens after (c). After (e) a log whose header is
 *     older than the snapshot is compacted again at start-up with Raft's
 *     rule (keep the suffix only if the log has the snapshot's last entry
 *     with the snapshot's term), which gives the same result as (f).
 *  5. The hard state is written to metadata.tmp, synced, renamed, before the
 *     log is synced, so a restart never sees log entries of a term above the
 *     stored term because of this ordering. Start-up removes metadata.tmp
 *     and log.tmp: the operation that wrote them never returned (it ends
 *     with the rename), so nothing relied on them.
 *  6. Start-up reports only durable state, because the node acts on what it
 *     reports at once (answers the leader, grants votes) and a power loss
 *     may follow a process crash and restart: the log is synced (or
 *     rewritten and synced) before load returns, temp files are synced
 *     before recovery renames them (1 and 4), and the port makes renames of
 *     the crashed process durable (see the file-ops contract).
 */
#include <string.h>

#include "raft/raft_codec.h"
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
#define FORMAT_VERSION 1u
#define LOG_HEADER_PAYLOAD 25u  /* magic 4, version 1, node 4, base index 8, base term 8 */
#define SYNC_PAYLOAD 8u         /* last index */
#define HARD_STATE_PAYLOAD 21u  /* magic 4, version 1, node 4, term 8, vote 4 */
#define SNAPSHOT_FIXED 37u      /* magic 4, version 1, node 4, index 8, term 8, data len 4, data crc 4, conf len 4 */
#define MAX_PAYLOAD (RAFT_FILE_RECORD_MAX - RAFT_FILE_RECORD_HEADER)

_Static_assert(RAFT_FILE_RECORD_MAX >= RAFT_FILE_RECORD_HEADER + SNAPSHOT_FIXED + RAFT_STORAGE_CONF_MAX,
               "record buffer must hold a snapshot record");
_Static_assert(RAFT_FILE_RECORD_MAX >= 2u * (RAFT_FILE_RECORD_HEADER + SYNC_PAYLOAD),
               "record buffer too small for the sync-mark scan");

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
    char digits[21];
    size_t n = 0;
    do {
        digits[n++] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v != 0);
    while (n > 0 && pos + 1 < cap) {
        dst[pos++] = digits[--n];
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

/* Read exactly n bytes at offset; false on a short read or error. */
static bool read_at(struct raft_file_storage *f, int h, uint64_t offset, void *buf, uint32_t n)
{
    if (offset > UINT32_MAX || f->ops.seek(f->ops.ctx, h, (uint32_t)offset) != 0) {
        return false;
    }
    uint8_t *p = buf;
    while (n > 0) {
        int32_t got = f->ops.read(f->ops.ctx, h, p, n);
        if (got <= 0) {
            return false;
        }
        p += got;
        n -= (uint32_t)got;
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

static bool check_preamble(struct raft_file_storage *f, const uint8_t *p)
{
    return get_u32(p) == FORMAT_MAGIC && p[4] == FORMAT_VERSION && get_u32(p + 5) == f->node_id;
}

static void put_preamble(struct raft_writer *w, uint32_t node)
{
    raft_write_u32le(w, FORMAT_MAGIC);
    raft_write_u8(w, FORMAT_VERSION);
    raft_write_u32le(w, node);
}

/* ---- whole-file records (metadata, snapshot metadata) ------------------ */

/* Write one record to `name` through a temp file + rename. The payload is in
 * the record buffer already. */
static int replace_with_record(struct raft_file_storage *f, const char *name, uint8_t type, uint32_t len)
{
    char tmp[RAFT_FILE_NAME_MAX];
    temp_name(tmp, name);
    uint32_t size = seal_record(f, type, len, 0);
    int h = f->ops.open(f->ops.ctx, tmp, RAFT_FILE_CREATE);
    if (h < 0) {
        return io_fail(f, tmp, "cannot create");
    }
    int rc = f->ops.write(f->ops.ctx, h, f->record, size);
    if (rc == 0) {
        rc = f->ops.sync(f->ops.ctx, h);
    }
    if (f->ops.close(f->ops.ctx, h) != 0 || rc != 0) {
        return io_fail(f, tmp, "cannot write");
    }
    if (f->ops.rename(f->ops.ctx, tmp, name) != 0) {
        return io_fail(f, name, "cannot rename the temp file over");
    }
    return RAFT_STORAGE_OK;
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
    if (f->ops.close(f->ops.ctx, h) != 0 || rc != 0) {
        return io_fail(f, name, "cannot sync");
    }
    return RAFT_STORAGE_OK;
}

enum single_result { SINGLE_OK, SINGLE_ABSENT, SINGLE_BAD, SINGLE_IO };

/* Read a file that must hold exactly one record of `type`. On SINGLE_BAD,
 * *bad_offset and *reason say what is wrong. */
static enum single_result read_single(struct raft_file_storage *f, const char *name, uint8_t type,
                                      uint32_t *len, uint64_t *bad_offset, const char **reason)
{
    int h = f->ops.open(f->ops.ctx, name, RAFT_FILE_READ);
    if (h == RAFT_FILE_ERR_NOT_FOUND) {
        return SINGLE_ABSENT;
    }
    *bad_offset = 0;
    if (h < 0) {
        *reason = "cannot open";
        return SINGLE_IO;
    }
    int64_t size = f->ops.size(f->ops.ctx, h);
    uint8_t got_type = 0;
    enum read_result rr = size < 0 ? READ_IO : read_record(f, h, 0, (uint64_t)size, &got_type, len);
    f->ops.close(f->ops.ctx, h);
    if (rr == READ_IO) {
        *reason = "cannot read";
        return SINGLE_IO;
    }
    if (rr == READ_END || rr == READ_TORN) {
        *reason = "file is shorter than its record";
        return SINGLE_BAD;
    }
    if (rr == READ_BAD) {
        *reason = "record CRC mismatch or bad header";
        return SINGLE_BAD;
    }
    if (got_type != type || !check_preamble(f, payload_of(f))) {
        *reason = "record of another kind, format or node";
        return SINGLE_BAD;
    }
    if ((uint64_t)size != RAFT_FILE_RECORD_HEADER + (uint64_t)*len) {
        *bad_offset = RAFT_FILE_RECORD_HEADER + *len;
        *reason = "unexpected bytes after the record";
        return SINGLE_BAD;
    }
    return SINGLE_OK;
}

/* ---- hard state ------------------------------------------------------- */

static int write_hard_state(struct raft_file_storage *f)
{
    struct raft_writer w;
    raft_writer_init(&w, payload_of(f), MAX_PAYLOAD);
    put_preamble(&w, f->node_id);
    raft_write_u64le(&w, f->term);
    raft_write_u32le(&w, f->vote);
    return replace_with_record(f, f->name_meta, REC_HARD_STATE, (uint32_t)w.len);
}

static int load_hard_state(struct raft_file_storage *f)
{
    char tmp[RAFT_FILE_NAME_MAX];
    temp_name(tmp, f->name_meta);
    f->ops.remove(f->ops.ctx, tmp); /* an unfinished replacement; .bin rules */
    uint32_t len;
    uint64_t off;
    const char *reason = NULL;
    enum single_result sr = read_single(f, f->name_meta, REC_HARD_STATE, &len, &off, &reason);
    if (sr == SINGLE_ABSENT) {
        f->term = 0;
        f->vote = RAFT_STORAGE_NO_VOTE;
        return RAFT_STORAGE_OK;
    }
    if (sr == SINGLE_IO) {
        return io_fail(f, f->name_meta, reason);
    }
    if (sr == SINGLE_BAD || len != HARD_STATE_PAYLOAD) {
        return fail(f, RAFT_STORAGE_ERR_CORRUPT, f->name_meta, off, reason ? reason : "wrong record size");
    }
    f->term = get_u64(payload_of(f) + 9);
    f->vote = get_u32(payload_of(f) + 17);
    return RAFT_STORAGE_OK;
}

/* ---- snapshot metadata and data ---------------------------------------- */

static uint32_t encode_snapshot_meta(struct raft_file_storage *f, const struct raft_snapshot_meta *m)
{
    struct raft_writer w;
    raft_writer_init(&w, payload_of(f), MAX_PAYLOAD);
    put_preamble(&w, f->node_id);
    raft_write_u64le(&w, m->index);
    raft_write_u64le(&w, m->term);
    raft_write_u32le(&w, m->data_len);
    raft_write_u32le(&w, m->data_crc);
    raft_write_u32le(&w, m->conf_len);
    raft_write_raw(&w, m->conf, m->conf_len);
    return (uint32_t)w.len;
}

static bool decode_snapshot_meta(struct raft_file_storage *f, uint32_t len, struct raft_snapshot_meta *m)
{
    const uint8_t *p = payload_of(f);
    if (len < SNAPSHOT_FIXED) {
        return false;
    }
    uint32_t conf_len = get_u32(p + 33);
    if (conf_len > RAFT_STORAGE_CONF_MAX || len != SNAPSHOT_FIXED + conf_len) {
        return false;
    }
    memset(m, 0, sizeof *m);
    m->index = get_u64(p + 9);
    m->term = get_u64(p + 17);
    m->data_len = get_u32(p + 25);
    m->data_crc = get_u32(p + 29);
    m->conf_len = conf_len;
    memcpy(m->conf, p + SNAPSHOT_FIXED, conf_len);
    return m->index > 0;
}

/* Length and CRC of a whole file (read through the record buffer). */
static enum single_result measure_file(struct raft_file_storage *f, const char *name, uint32_t *len, uint32_t *crc)
{
    int h = f->ops.open(f->ops.ctx, name, RAFT_FILE_READ);
    if (h == RAFT_FILE_ERR_NOT_FOUND) {
        return SINGLE_ABSENT;
    }
    if (h < 0) {
        return SINGLE_IO;
    }
    int64_t size = f->ops.size(f->ops.ctx, h);
    if (size < 0 || size > UINT32_MAX) {
        f->ops.close(f->ops.ctx, h);
        return size < 0 ? SINGLE_IO : SINGLE_BAD;
    }
    uint32_t c = 0;
    uint32_t done = 0;
    bool ok = true;
    while (ok && done < (uint32_t)size) {
        uint32_t n = (uint32_t)size - done;
        if (n > sizeof f->record) {
            n = sizeof f->record;
        }
        ok = read_at(f, h, done, f->record, n);
        c = raft_crc32c_update(c, f->record, n);
        done += n;
    }
    f->ops.close(f->ops.ctx, h);
    *len = (uint32_t)size;
    *crc = c;
    return ok ? SINGLE_OK : SINGLE_IO;
}

enum match { MATCH, NO_MATCH, MATCH_IO };

/* Does file `name` hold exactly the data m describes? */
static enum match data_matches(struct raft_file_storage *f, const char *name, const struct raft_snapshot_meta *m)
{
    uint32_t len, crc;
    enum single_result sr = measure_file(f, name, &len, &crc);
    if (sr == SINGLE_IO) {
        io_fail(f, name, "cannot read");
        return MATCH_IO;
    }
    return sr == SINGLE_OK && len == m->data_len && crc == m->data_crc ? MATCH : NO_MATCH;
}

/* Find the committed snapshot, finishing an interrupted commit (step 4). */
static int load_snapshot(struct raft_file_storage *f)
{
    char meta_tmp[RAFT_FILE_NAME_MAX], data_tmp[RAFT_FILE_NAME_MAX];
    temp_name(meta_tmp, f->name_snap_meta);
    temp_name(data_tmp, f->name_snap_data);
    memset(&f->snap, 0, sizeof f->snap);

    uint32_t len;
    uint64_t off;
    const char *reason = NULL;
    struct raft_snapshot_meta pending;
    enum single_result pr = read_single(f, meta_tmp, REC_SNAPSHOT, &len, &off, &reason);
    if (pr == SINGLE_IO) {
        return io_fail(f, meta_tmp, reason);
    }
    if (pr == SINGLE_OK && decode_snapshot_meta(f, len, &pending)) {
        enum match in_tmp = data_matches(f, data_tmp, &pending);
        enum match in_bin = in_tmp == MATCH ? NO_MATCH : data_matches(f, f->name_snap_data, &pending);
        if (in_tmp == MATCH_IO || in_bin == MATCH_IO) {
            return f->fault.code;
        }
        if (in_tmp == MATCH || in_bin == MATCH) {
            /* A process crash may have left these bytes in the file but not
             * on the disk (meta.tmp is complete before its sync returns):
             * make them durable before a rename makes them the snapshot. */
            int rc = in_tmp == MATCH ? make_durable(f, data_tmp) : RAFT_STORAGE_OK;
            if (rc == RAFT_STORAGE_OK) {
                rc = make_durable(f, meta_tmp);
            }
            if (rc != RAFT_STORAGE_OK) {
                return rc;
            }
            if (in_tmp == MATCH && f->ops.rename(f->ops.ctx, data_tmp, f->name_snap_data) != 0) {
                return io_fail(f, data_tmp, "cannot finish the snapshot install (rename)");
            }
            if (f->ops.rename(f->ops.ctx, meta_tmp, f->name_snap_meta) != 0) {
                return io_fail(f, meta_tmp, "cannot finish the snapshot install (rename)");
            }
        }
    }
    /* Whatever temp files remain belong to a commit that never completed. */
    f->ops.remove(f->ops.ctx, meta_tmp);
    f->ops.remove(f->ops.ctx, data_tmp);

    reason = NULL;
    enum single_result sr = read_single(f, f->name_snap_meta, REC_SNAPSHOT, &len, &off, &reason);
    if (sr == SINGLE_ABSENT) {
        uint32_t dlen, dcrc;
        enum single_result dr = measure_file(f, f->name_snap_data, &dlen, &dcrc);
        if (dr == SINGLE_IO) {
            return io_fail(f, f->name_snap_data, "cannot read");
        }
        if (dr != SINGLE_ABSENT) {
            return fail(f, RAFT_STORAGE_ERR_CORRUPT, f->name_snap_data, 0,
                        "snapshot data without snapshot metadata");
        }
        return RAFT_STORAGE_OK;
    }
    if (sr == SINGLE_IO) {
        return io_fail(f, f->name_snap_meta, reason);
    }
    if (sr == SINGLE_BAD) {
        return fail(f, RAFT_STORAGE_ERR_CORRUPT, f->name_snap_meta, off, reason);
    }
    if (!decode_snapshot_meta(f, len, &f->snap)) {
        return fail(f, RAFT_STORAGE_ERR_CORRUPT, f->name_snap_meta, RAFT_FILE_RECORD_HEADER,
                    "snapshot record fields out of range");
    }
    enum match dm = data_matches(f, f->name_snap_data, &f->snap);
    if (dm == MATCH_IO) {
        return f->fault.code;
    }
    if (dm == NO_MATCH) {
        return fail(f, RAFT_STORAGE_ERR_CORRUPT, f->name_snap_data, 0,
                    "snapshot data missing or its length/CRC differs from the metadata");
    }
    return RAFT_STORAGE_OK;
}

/* ---- log -------------------------------------------------------------- */

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

/* Append a record (payload in the buffer) at the end of the open log. */
static int log_write_record(struct raft_file_storage *f, int h, uint64_t *size, uint8_t type, uint32_t len)
{
    uint32_t n = seal_record(f, type, len, *size);
    if (f->ops.write(f->ops.ctx, h, f->record, n) != 0) {
        return io_fail(f, f->name_log, "cannot append");
    }
    *size += n;
    return RAFT_STORAGE_OK;
}

static uint32_t encode_sync(struct raft_file_storage *f, uint64_t last_index)
{
    struct raft_writer w;
    raft_writer_init(&w, payload_of(f), MAX_PAYLOAD);
    raft_write_u64le(&w, last_index);
    return (uint32_t)w.len;
}

/* Is there a valid SYNC record anywhere in (from, size)? 1 yes, 0 no,
 * -1 read error. Scans byte by byte through windows of the record buffer. */
static int sync_mark_after(struct raft_file_storage *f, int h, uint64_t from, uint64_t size)
{
    const uint32_t mark = RAFT_FILE_RECORD_HEADER + SYNC_PAYLOAD;
    uint8_t *win = f->record;
    uint64_t win_start = 0;
    uint32_t win_len = 0;
    for (uint64_t p = from + 1; p + mark <= size; p++) {
        if (p < win_start || p + mark > win_start + win_len) {
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

/* What a pass over the log found. */
struct log_scan {
    uint64_t base_index, base_term;
    uint64_t last_index, last_term;
    uint64_t valid_end;      /* end of the last good record */
    uint64_t size;           /* file size */
    uint64_t probe_index;    /* term of this index is reported in probe_term */
    uint64_t probe_term;
};

/* Validate the whole log; the torn tail (if any) starts at valid_end. */
static int scan_log(struct raft_file_storage *f, struct log_scan *s)
{
    int h = f->ops.open(f->ops.ctx, f->name_log, RAFT_FILE_READ);
    if (h < 0) {
        return io_fail(f, f->name_log, "cannot open");
    }
    int64_t size = f->ops.size(f->ops.ctx, h);
    if (size < 0) {
        f->ops.close(f->ops.ctx, h);
        return io_fail(f, f->name_log, "cannot read the size");
    }
    s->size = (uint64_t)size;
    uint8_t type;
    uint32_t len;
    const char *reason = NULL;
    uint64_t off = 0;
    enum read_result hr = read_record(f, h, 0, s->size, &type, &len);
    if (hr == READ_IO) {
        f->ops.close(f->ops.ctx, h);
        return io_fail(f, f->name_log, "cannot read");
    }
    if (hr != READ_OK || type != REC_LOG_HEADER ||
        len != LOG_HEADER_PAYLOAD || !check_preamble(f, payload_of(f))) {
        f->ops.close(f->ops.ctx, h);
        return fail(f, RAFT_STORAGE_ERR_CORRUPT, f->name_log, 0, "missing or damaged log header");
    }
    s->base_index = get_u64(payload_of(f) + 9);
    s->base_term = get_u64(payload_of(f) + 17);
    s->last_index = s->base_index;
    s->last_term = s->base_term;
    s->probe_term = s->probe_index == s->base_index ? s->base_term : 0;
    off = RAFT_FILE_RECORD_HEADER + len;
    for (;;) {
        enum read_result rr = read_record(f, h, off, s->size, &type, &len);
        if (rr == READ_END) {
            break;
        }
        if (rr == READ_IO) {
            f->ops.close(f->ops.ctx, h);
            return fail(f, RAFT_STORAGE_ERR_IO, f->name_log, off, "cannot read");
        }
        if (rr == READ_OK) {
            const uint8_t *p = payload_of(f);
            if (type == REC_ENTRY) {
                uint64_t index = get_u64(p), term = get_u64(p + 8);
                if (len < RAFT_FILE_ENTRY_HEADER || get_u32(p + 17) != len - RAFT_FILE_ENTRY_HEADER ||
                    get_u32(p + 17) > RAFT_MAX_ENTRY_SIZE) {
                    reason = "entry record with inconsistent length";
                } else if (index != s->last_index + 1u) {
                    reason = "entry index does not follow the previous one";
                } else if (term < s->last_term) {
                    reason = "entry term lower than the previous entry's";
                } else {
                    s->last_index = index;
                    s->last_term = term;
                    if (index == s->probe_index) {
                        s->probe_term = term;
                    }
                }
            } else if (type == REC_SYNC) {
                if (len != SYNC_PAYLOAD || get_u64(p) != s->last_index) {
                    reason = "sync mark does not match the log";
                }
            } else {
                reason = "record of a kind that does not belong in a log";
            }
            if (reason != NULL) {
                /* A record with a good CRC but wrong content was written
                 * wrong: never a torn write. */
                f->ops.close(f->ops.ctx, h);
                return fail(f, RAFT_STORAGE_ERR_CORRUPT, f->name_log, off, reason);
            }
            off += RAFT_FILE_RECORD_HEADER + len;
            continue;
        }
        /* READ_TORN or READ_BAD at off: torn tail unless a sync mark follows. */
        int mark = sync_mark_after(f, h, off, s->size);
        if (mark != 0) {
            f->ops.close(f->ops.ctx, h);
            return mark < 0 ? fail(f, RAFT_STORAGE_ERR_IO, f->name_log, off, "cannot read")
                            : fail(f, RAFT_STORAGE_ERR_CORRUPT, f->name_log, off,
                                   "damaged record before the last sync mark");
        }
        break;
    }
    s->valid_end = off;
    f->ops.close(f->ops.ctx, h);
    return RAFT_STORAGE_OK;
}

static void close_log(struct raft_file_storage *f)
{
    if (f->log_handle >= 0) {
        f->ops.close(f->ops.ctx, f->log_handle);
        f->log_handle = -1;
    }
}

static int open_log_for_append(struct raft_file_storage *f)
{
    f->log_handle = f->ops.open(f->ops.ctx, f->name_log, RAFT_FILE_APPEND);
    if (f->log_handle < 0) {
        f->log_handle = -1;
        return io_fail(f, f->name_log, "cannot open for appending");
    }
    return RAFT_STORAGE_OK;
}

/*
 * Replace the log with: header (new_base, new_base_term), then the entries of
 * the current log (which exists unless f->log_size == 0) with index in
 * (new_base, keep_upto], then a sync mark. With `require_match`, the entries
 * after new_base are kept only if the current log holds new_base with
 * new_base_term (Raft's compaction rule). Reads only up to f->log_size.
 */
static int rewrite_log(struct raft_file_storage *f, uint64_t new_base, uint64_t new_base_term,
                       uint64_t keep_upto, bool require_match)
{
    char tmp[RAFT_FILE_NAME_MAX];
    temp_name(tmp, f->name_log);
    close_log(f);
    int in = -1;
    if (f->log_size > 0) {
        in = f->ops.open(f->ops.ctx, f->name_log, RAFT_FILE_READ);
        if (in < 0) {
            return io_fail(f, f->name_log, "cannot open");
        }
    }
    int out = f->ops.open(f->ops.ctx, tmp, RAFT_FILE_CREATE);
    if (out < 0) {
        if (in >= 0) {
            f->ops.close(f->ops.ctx, in);
        }
        return io_fail(f, tmp, "cannot create");
    }
    uint64_t out_size = 0;
    uint64_t last = new_base, last_term = new_base_term;
    struct raft_writer w;
    raft_writer_init(&w, payload_of(f), MAX_PAYLOAD);
    put_preamble(&w, f->node_id);
    raft_write_u64le(&w, new_base);
    raft_write_u64le(&w, new_base_term);
    int rc = log_write_record(f, out, &out_size, REC_LOG_HEADER, (uint32_t)w.len);

    bool matched = !require_match || (new_base == f->log_base_index && new_base_term == f->log_base_term);
    uint64_t off = 0;
    while (rc == RAFT_STORAGE_OK && in >= 0 && off < f->log_size) {
        uint8_t type;
        uint32_t len;
        if (read_record(f, in, off, f->log_size, &type, &len) != READ_OK) {
            rc = fail(f, RAFT_STORAGE_ERR_IO, f->name_log, off, "record changed while rewriting");
            break;
        }
        off += RAFT_FILE_RECORD_HEADER + len;
        if (type != REC_ENTRY) {
            continue;
        }
        uint64_t index = get_u64(payload_of(f)), term = get_u64(payload_of(f) + 8);
        if (index == new_base && term == new_base_term) {
            matched = true;
        }
        if (index <= new_base || index > keep_upto) {
            continue;
        }
        if (!matched) {
            break;
        }
        rc = log_write_record(f, out, &out_size, REC_ENTRY, len);
        last = index;
        last_term = term;
    }
    if (in >= 0) {
        f->ops.close(f->ops.ctx, in);
    }
    if (rc == RAFT_STORAGE_OK) {
        rc = log_write_record(f, out, &out_size, REC_SYNC, encode_sync(f, last));
    }
    if (rc == RAFT_STORAGE_OK && f->ops.sync(f->ops.ctx, out) != 0) {
        rc = io_fail(f, tmp, "cannot sync");
    }
    if (f->ops.close(f->ops.ctx, out) != 0 && rc == RAFT_STORAGE_OK) {
        rc = io_fail(f, tmp, "cannot close");
    }
    if (rc == RAFT_STORAGE_OK && f->ops.rename(f->ops.ctx, tmp, f->name_log) != 0) {
        rc = io_fail(f, f->name_log, "cannot rename the temp file over");
    }
    if (rc != RAFT_STORAGE_OK) {
        return rc;
    }
    f->log_size = out_size;
    f->log_base_index = new_base;
    f->log_base_term = new_base_term;
    f->last_index = last;
    f->last_term = last_term;
    f->log_unsynced = false;
    return open_log_for_append(f);
}

static int load_log(struct raft_file_storage *f)
{
    char tmp[RAFT_FILE_NAME_MAX];
    temp_name(tmp, f->name_log);
    f->ops.remove(f->ops.ctx, tmp); /* an unfinished rewrite; .bin rules */
    f->dropped_tail_bytes = 0;

    int probe = f->ops.open(f->ops.ctx, f->name_log, RAFT_FILE_READ);
    if (probe == RAFT_FILE_ERR_NOT_FOUND) {
        /* First start, or the log was never created: an empty log that
         * continues from the snapshot (if any). */
        f->log_size = 0;
        return rewrite_log(f, f->snap.index, f->snap.term, f->snap.index, false);
    }
    if (probe < 0) {
        return io_fail(f, f->name_log, "cannot open");
    }
    f->ops.close(f->ops.ctx, probe);

    struct log_scan s;
    memset(&s, 0, sizeof s);
    s.probe_index = f->snap.index;
    int rc = scan_log(f, &s);
    if (rc != RAFT_STORAGE_OK) {
        return rc;
    }
    f->log_size = s.valid_end;
    f->log_base_index = s.base_index;
    f->log_base_term = s.base_term;
    f->last_index = s.last_index;
    f->last_term = s.last_term;
    if (s.base_index > f->snap.index) {
        return fail(f, RAFT_STORAGE_ERR_CORRUPT, f->name_log, 0,
                    "log starts after the snapshot: snapshot files are missing or older than the log");
    }
    if (s.base_index < f->snap.index) {
        /* Snapshot committed, compaction (step 4f) not done: redo it. */
        return rewrite_log(f, f->snap.index, f->snap.term, s.last_index, true);
    }
    if (s.valid_end < s.size) {
        /* Torn tail: keep only the good records (no ftruncate here). */
        f->dropped_tail_bytes = (uint32_t)(s.size - s.valid_end);
        return rewrite_log(f, s.base_index, s.base_term, s.last_index, false);
    }
    /* The records just read may still be only in the OS cache (a process
     * crash before its sync): the node builds on them at once, so sync. */
    rc = open_log_for_append(f);
    if (rc == RAFT_STORAGE_OK && f->ops.sync(f->ops.ctx, f->log_handle) != 0) {
        rc = io_fail(f, f->name_log, "cannot sync");
    }
    return rc;
}

/* ---- ops -------------------------------------------------------------- */

static int file_load(void *self, struct raft_storage_state *out)
{
    struct raft_file_storage *f = self;
    memset(&f->fault, 0, sizeof f->fault);
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

    if (f->load_handle >= 0) {
        f->ops.close(f->ops.ctx, f->load_handle);
    }
    f->load_handle = f->ops.open(f->ops.ctx, f->name_log, RAFT_FILE_READ);
    if (f->load_handle < 0) {
        f->load_handle = -1;
        return io_fail(f, f->name_log, "cannot open");
    }
    f->load_pos = 0;
    f->load_end = f->log_size;
    return RAFT_STORAGE_OK;
}

static void stop_loading(struct raft_file_storage *f)
{
    if (f->load_handle >= 0) {
        f->ops.close(f->ops.ctx, f->load_handle);
        f->load_handle = -1;
    }
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
        if (type != REC_ENTRY) {
            continue;
        }
        const uint8_t *p = payload_of(f);
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
    uint32_t len = encode_entry(f, entry->index, entry->term, entry->type, entry->data, entry->len);
    int rc = log_write_record(f, f->log_handle, &f->log_size, REC_ENTRY, len);
    if (rc == RAFT_STORAGE_OK) {
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
    if (f->log_handle < 0 || from <= f->log_base_index) {
        return RAFT_STORAGE_ERR_INVALID;
    }
    if (from > f->last_index) {
        return RAFT_STORAGE_OK;
    }
    return rewrite_log(f, f->log_base_index, f->log_base_term, from - 1u, false);
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
        int rc = log_write_record(f, f->log_handle, &f->log_size, REC_SYNC, encode_sync(f, f->last_index));
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

static void drop_staged(struct raft_file_storage *f)
{
    if (f->staged_handle >= 0) {
        char tmp[RAFT_FILE_NAME_MAX];
        temp_name(tmp, f->name_snap_data);
        f->ops.close(f->ops.ctx, f->staged_handle);
        f->ops.remove(f->ops.ctx, tmp);
        f->staged_handle = -1;
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
    char tmp[RAFT_FILE_NAME_MAX];
    temp_name(tmp, f->name_snap_data);
    f->staged_handle = f->ops.open(f->ops.ctx, tmp, RAFT_FILE_CREATE);
    if (f->staged_handle < 0) {
        f->staged_handle = -1;
        return io_fail(f, tmp, "cannot create");
    }
    f->staged = *meta;
    f->staged.data_len = 0;
    f->staged_crc = 0;
    return RAFT_STORAGE_OK;
}

static int file_snapshot_write(void *self, uint32_t offset, const void *data, size_t len)
{
    struct raft_file_storage *f = self;
    if (f->staged_handle < 0 || offset != f->staged.data_len) {
        return RAFT_STORAGE_ERR_INVALID;
    }
    if (len > UINT32_MAX - f->staged.data_len) {
        return RAFT_STORAGE_ERR_FULL;
    }
    if (len > 0 && f->ops.write(f->ops.ctx, f->staged_handle, data, (uint32_t)len) != 0) {
        return io_fail(f, f->name_snap_data, "cannot write the snapshot data");
    }
    f->staged_crc = raft_crc32c_update(f->staged_crc, data, len);
    f->staged.data_len += (uint32_t)len;
    return RAFT_STORAGE_OK;
}

static int file_snapshot_commit(void *self)
{
    struct raft_file_storage *f = self;
    if (f->staged_handle < 0) {
        return RAFT_STORAGE_ERR_INVALID;
    }
    int rc = file_sync(f); /* (a) */
    char data_tmp[RAFT_FILE_NAME_MAX], meta_tmp[RAFT_FILE_NAME_MAX];
    temp_name(data_tmp, f->name_snap_data);
    temp_name(meta_tmp, f->name_snap_meta);
    if (rc == RAFT_STORAGE_OK && f->ops.sync(f->ops.ctx, f->staged_handle) != 0) { /* (b) */
        rc = io_fail(f, data_tmp, "cannot sync");
    }
    if (f->ops.close(f->ops.ctx, f->staged_handle) != 0 && rc == RAFT_STORAGE_OK) {
        rc = io_fail(f, data_tmp, "cannot close");
    }
    f->staged_handle = -1;
    if (rc != RAFT_STORAGE_OK) {
        f->ops.remove(f->ops.ctx, data_tmp);
        return rc;
    }
    struct raft_snapshot_meta meta = f->staged;
    meta.data_crc = f->staged_crc;
    /* (c) meta.tmp, written and synced but not yet renamed. */
    uint32_t len = encode_snapshot_meta(f, &meta);
    uint32_t size = seal_record(f, REC_SNAPSHOT, len, 0);
    int h = f->ops.open(f->ops.ctx, meta_tmp, RAFT_FILE_CREATE);
    if (h < 0) {
        return io_fail(f, meta_tmp, "cannot create");
    }
    rc = f->ops.write(f->ops.ctx, h, f->record, size);
    if (rc == 0) {
        rc = f->ops.sync(f->ops.ctx, h);
    }
    if (f->ops.close(f->ops.ctx, h) != 0 || rc != 0) {
        return io_fail(f, meta_tmp, "cannot write");
    }
    if (f->ops.rename(f->ops.ctx, data_tmp, f->name_snap_data) != 0) { /* (d) */
        return io_fail(f, f->name_snap_data, "cannot rename the temp file over");
    }
    if (f->ops.rename(f->ops.ctx, meta_tmp, f->name_snap_meta) != 0) { /* (e) */
        return io_fail(f, f->name_snap_meta, "cannot rename the temp file over");
    }
    f->snap = meta;
    /* (f) compaction with Raft's rule. */
    return rewrite_log(f, meta.index, meta.term, f->last_index, true);
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
    bool ok = read_at(f, h, offset, buf, (uint32_t)n);
    f->ops.close(f->ops.ctx, h);
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
    f->log_handle = -1;
    f->staged_handle = -1;
    f->load_handle = -1;
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
    close_log(f);
}
