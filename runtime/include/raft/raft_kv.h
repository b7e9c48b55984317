/*
 * raft_kv.h — the replicated key-value state machine.
 *
 * Keys and values are byte strings (any bytes; the control protocol
 * percent-encodes them): keys 1..RAFT_KV_MAX_KEY_LEN bytes, values
 * 0..RAFT_KV_MAX_VALUE_LEN bytes, at most RAFT_KV_MAX_KEYS keys. Everything
 * lives in the caller's struct raft_kv; no allocation.
 *
 * Commands travel in log entries, encoded with raft_codec:
 *     op u8 (1 put, 2 del, 3 get) | client id varint | sequence varint |
 *     key bytes | value bytes (put only)
 * raft_kv_apply() executes one; the result is deterministic, so every replica
 * answers the same.
 *
 * Client sessions make a retried write apply once. A client numbers its
 * writes with increasing sequence numbers (gaps allowed) and keeps at most
 * one write in flight. For client id != 0 the state machine remembers the
 * last applied sequence number and its result:
 *     seq >  last  → apply, remember (seq, result)
 *     seq == last  → not applied again; the remembered result, duplicate = true
 *     seq <  last  → RAFT_KV_ERR_STALE (the client already had that answer)
 * Client id 0 means "no session": always applied. Gets are never
 * deduplicated (re-reading is harmless). The table holds RAFT_MAX_SESSIONS
 * clients; when a new client arrives and it is full, the session used least
 * recently (oldest last write, counted in applied commands) is evicted — a
 * retry from an evicted client would apply again, so size the table above
 * the number of concurrent clients.
 *
 * Iteration order is by key bytes (memcmp, shorter first on a tie), and
 * sessions are kept by client id, so two replicas with the same state produce
 * the same snapshot bytes whatever their history.
 *
 * Snapshot stream:
 *     version u8 (1) | applied count varint | session count varint |
 *     key count varint | sessions (client varint, last seq varint,
 *     last used varint, status u8) ascending | keys (key bytes, value
 *     bytes) ascending | CRC-32C u32 LE of everything before it
 * produced in chunks of any size and restored from chunks of any size.
 */
#ifndef RAFT_KV_H
#define RAFT_KV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "raft/raft_config.h"

enum raft_kv_op {
    RAFT_KV_PUT = 1,
    RAFT_KV_DEL = 2,
    RAFT_KV_GET = 3
};

enum raft_kv_status {
    RAFT_KV_OK = 0,
    RAFT_KV_NOT_FOUND = 1,          /* get/del of a missing key */
    RAFT_KV_ERR_FULL = 2,           /* put of a new key with RAFT_KV_MAX_KEYS keys */
    RAFT_KV_ERR_KEY_TOO_LONG = 3,
    RAFT_KV_ERR_VALUE_TOO_LONG = 4,
    RAFT_KV_ERR_EMPTY_KEY = 5,
    RAFT_KV_ERR_STALE = 6,          /* sequence older than the session's last */
    RAFT_KV_ERR_MALFORMED = 7       /* command bytes do not decode */
};

/* Short stable name, e.g. "key-too-long" (used on the control channel). */
const char *raft_kv_status_name(int status);

/* Worst-case encoded sizes (for buffers and _Static_asserts). */
#define RAFT_KV_COMMAND_MAX \
    (1u + 10u + 10u + 5u + (RAFT_KV_MAX_KEY_LEN) + 5u + (RAFT_KV_MAX_VALUE_LEN))
#define RAFT_KV_SESSION_RECORD_MAX (10u + 10u + 10u + 1u)
#define RAFT_KV_KEY_RECORD_MAX (5u + (RAFT_KV_MAX_KEY_LEN) + 5u + (RAFT_KV_MAX_VALUE_LEN))
#define RAFT_KV_SNAPSHOT_MAX_SIZE                                          \
    (1u + 30u + (RAFT_MAX_SESSIONS) * RAFT_KV_SESSION_RECORD_MAX +        \
     (RAFT_KV_MAX_KEYS) * RAFT_KV_KEY_RECORD_MAX + 4u)

/* A decoded command; key/value point into the encoded bytes. */
struct raft_kv_command {
    uint8_t op; /* enum raft_kv_op */
    uint64_t client_id;
    uint64_t seq;
    const uint8_t *key;
    uint32_t key_len;
    const uint8_t *value;
    uint32_t value_len;
};

/* Encode into buf. Returns the length, or 0 when the command is invalid
 * (*status says why: empty key, too long) or buf is too small
 * (RAFT_KV_ERR_MALFORMED). */
size_t raft_kv_command_encode(const struct raft_kv_command *cmd, uint8_t *buf, size_t cap, int *status);
/* RAFT_KV_OK or RAFT_KV_ERR_MALFORMED / _KEY_TOO_LONG / _VALUE_TOO_LONG /
 * _EMPTY_KEY. */
int raft_kv_command_decode(const uint8_t *buf, size_t len, struct raft_kv_command *cmd);

struct raft_kv_slot {
    uint16_t key_len;
    uint16_t value_len;
    uint8_t key[RAFT_KV_MAX_KEY_LEN];
    uint8_t value[RAFT_KV_MAX_VALUE_LEN];
};

struct raft_kv_session {
    uint64_t client_id;
    uint64_t last_seq;
    uint64_t last_used; /* applied count at its last write (LRU) */
    uint8_t status;     /* result of last_seq */
};

struct raft_kv {
    struct raft_kv_slot slots[RAFT_KV_MAX_KEYS];
    uint16_t order[RAFT_KV_MAX_KEYS];   /* slot numbers sorted by key */
    uint16_t free_slots[RAFT_KV_MAX_KEYS];
    uint32_t count;                     /* keys stored */
    uint32_t free_count;
    struct raft_kv_session sessions[RAFT_MAX_SESSIONS]; /* sorted by client id */
    uint32_t session_count;
    uint64_t applied; /* commands applied (the LRU clock) */
};

struct raft_kv_result {
    uint8_t status;      /* enum raft_kv_status */
    bool duplicate;      /* answered from the session, not applied again */
    const uint8_t *value; /* get: points into the kv, valid until the next change */
    uint32_t value_len;
};

void raft_kv_init(struct raft_kv *kv);
/* Apply one encoded command (a committed log entry). */
void raft_kv_apply(struct raft_kv *kv, const uint8_t *cmd, size_t len, struct raft_kv_result *res);
/* Local read (for ReadIndex / lease reads). RAFT_KV_OK or RAFT_KV_NOT_FOUND. */
int raft_kv_get(const struct raft_kv *kv, const uint8_t *key, size_t key_len,
                const uint8_t **value, uint32_t *value_len);
uint32_t raft_kv_count(const struct raft_kv *kv);
/* The i-th key in order (0 <= i < count), for iteration and tests. */
void raft_kv_at(const struct raft_kv *kv, uint32_t i, const uint8_t **key, uint32_t *key_len,
                const uint8_t **value, uint32_t *value_len);

/* ---- snapshot: write --------------------------------------------------- */

struct raft_kv_snapshot_cursor {
    uint32_t section;  /* header, sessions, keys, trailer, done */
    uint32_t item;     /* index inside the section */
    uint32_t item_len; /* bytes of the encoded current item */
    uint32_t item_pos; /* bytes of it already emitted */
    uint32_t crc;
    uint8_t item_buf[RAFT_KV_KEY_RECORD_MAX > 41u ? RAFT_KV_KEY_RECORD_MAX : 41u];
};

/* Exact size of the snapshot stream of the current state. */
uint32_t raft_kv_snapshot_size(const struct raft_kv *kv);
void raft_kv_snapshot_start(const struct raft_kv *kv, struct raft_kv_snapshot_cursor *c);
/* Next chunk of at most cap bytes (cap > 0); 0 when the stream is complete.
 * The kv must not change until the stream is complete. */
size_t raft_kv_snapshot_next(const struct raft_kv *kv, struct raft_kv_snapshot_cursor *c,
                             uint8_t *buf, size_t cap);

/* ---- snapshot: restore ------------------------------------------------- */

struct raft_kv_restore {
    struct raft_kv *kv; /* NULL: validate only, change nothing */
    uint32_t section;
    uint32_t item;
    uint32_t session_total;
    uint32_t key_total;
    uint64_t applied;
    uint32_t crc;
    int status; /* RAFT_KV_OK, or RAFT_KV_ERR_MALFORMED once anything is wrong */
    uint32_t carry_len;
    uint8_t carry[RAFT_KV_KEY_RECORD_MAX > 41u ? RAFT_KV_KEY_RECORD_MAX : 41u];
    uint8_t prev_key[RAFT_KV_MAX_KEY_LEN];
    uint32_t prev_key_len;
    uint64_t prev_client;
};

/* Restore into kv (emptied now), or only validate when kv is NULL. A
 * stream that fails leaves kv empty: validate first when that matters. */
void raft_kv_restore_begin(struct raft_kv_restore *r, struct raft_kv *kv);
/* Feed the next chunk; RAFT_KV_OK or RAFT_KV_ERR_MALFORMED (sticky). */
int raft_kv_restore_feed(struct raft_kv_restore *r, const void *data, size_t len);
/* RAFT_KV_OK when the stream was complete and its CRC matched. */
int raft_kv_restore_finish(struct raft_kv_restore *r);

#endif
