/*
 * raft_codec.h — compact binary encoding over caller-owned buffers.
 *
 * Writer and reader in the style of postcard: unsigned integers as LEB128
 * varints (7 bits per byte, low group first, at most 10 bytes for 64 bits),
 * signed integers zigzag-mapped then varint, fixed-width little-endian
 * integers, and byte strings as a varint length followed by the bytes.
 *
 * Errors are sticky: after the first failure every further call is a no-op
 * that returns 0, so a caller encodes or decodes a whole structure and checks
 * `err` once at the end. A reader never touches a byte outside [buf, buf+len).
 *
 * Frame (one datagram on the wire):
 *     version u8 | payload length varint | payload | CRC-32C u32 LE
 * The CRC covers version, length and payload. raft_frame_unwrap() names the
 * first thing that is wrong with a frame (see enum raft_codec_error).
 */
#ifndef RAFT_CODEC_H
#define RAFT_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum raft_codec_error {
    RAFT_CODEC_OK = 0,
    RAFT_CODEC_ERR_NO_SPACE = -1,        /* writer: buffer too small */
    RAFT_CODEC_ERR_TRUNCATED = -2,       /* reader / frame: input ends early */
    RAFT_CODEC_ERR_BAD_VARINT = -3,      /* over-long varint or value above 2^64-1 */
    RAFT_CODEC_ERR_RANGE = -4,           /* value larger than the caller's limit */
    RAFT_CODEC_ERR_BAD_VERSION = -5,     /* frame: unknown version byte */
    RAFT_CODEC_ERR_LENGTH_MISMATCH = -6, /* frame: bytes after payload + CRC */
    RAFT_CODEC_ERR_CRC = -7,             /* frame: CRC-32C does not match */
    RAFT_CODEC_ERR_TOO_LARGE = -8,       /* frame: payload above the allowed size */
    RAFT_CODEC_ERR_TRAILING = -9         /* reader: bytes left over at raft_reader_finish */
};

/* Short stable name of an error code, e.g. "crc-mismatch". */
const char *raft_codec_error_name(int err);

/* Largest encoded size of a 64-bit varint. */
#define RAFT_VARINT_MAX 10u

/* Encoded size of an unsigned value (1..10). */
size_t raft_varint_size(uint64_t value);

/* ---- writer ---------------------------------------------------------- */

struct raft_writer {
    uint8_t *buf;
    size_t cap;
    size_t len; /* bytes written so far */
    int err;    /* first error, RAFT_CODEC_OK while none */
};

void raft_writer_init(struct raft_writer *w, void *buf, size_t cap);
void raft_write_u8(struct raft_writer *w, uint8_t v);
void raft_write_u32le(struct raft_writer *w, uint32_t v);
void raft_write_u64le(struct raft_writer *w, uint64_t v);
void raft_write_varint(struct raft_writer *w, uint64_t v);
void raft_write_zigzag(struct raft_writer *w, int64_t v);
void raft_write_bool(struct raft_writer *w, bool v);
/* Bytes without a length prefix. */
void raft_write_raw(struct raft_writer *w, const void *data, size_t len);
/* Varint length followed by the bytes. */
void raft_write_bytes(struct raft_writer *w, const void *data, size_t len);

/* ---- reader ---------------------------------------------------------- */

struct raft_reader {
    const uint8_t *buf;
    size_t len;
    size_t pos; /* next byte to read */
    int err;    /* first error, RAFT_CODEC_OK while none */
};

void raft_reader_init(struct raft_reader *r, const void *buf, size_t len);
uint8_t raft_read_u8(struct raft_reader *r);
uint32_t raft_read_u32le(struct raft_reader *r);
uint64_t raft_read_u64le(struct raft_reader *r);
uint64_t raft_read_varint(struct raft_reader *r);
int64_t raft_read_zigzag(struct raft_reader *r);
/* Strict: only 0 or 1, anything else is RAFT_CODEC_ERR_RANGE. */
bool raft_read_bool(struct raft_reader *r);
/* Varint that must be <= max (RAFT_CODEC_ERR_RANGE otherwise). */
uint64_t raft_read_varint_max(struct raft_reader *r, uint64_t max);
/* Exactly `len` raw bytes copied into dst. */
void raft_read_raw(struct raft_reader *r, void *dst, size_t len);
/* Length-prefixed bytes, zero-copy: *data points into the reader's buffer.
 * Returns the length; a length above max_len is RAFT_CODEC_ERR_RANGE. */
size_t raft_read_bytes_ref(struct raft_reader *r, const uint8_t **data, size_t max_len);
/* Length-prefixed bytes copied into dst (capacity cap). Returns the length. */
size_t raft_read_bytes(struct raft_reader *r, void *dst, size_t cap);
size_t raft_reader_remaining(const struct raft_reader *r);
/* OK when no error and every byte was consumed; else the error
 * (RAFT_CODEC_ERR_TRAILING for leftover bytes). */
int raft_reader_finish(struct raft_reader *r);

/* ---- frames ---------------------------------------------------------- */

#define RAFT_FRAME_VERSION 1u
/* Bytes a frame adds around a payload of at most 2^32-1 bytes:
 * version (1) + length varint (<= 5) + CRC (4). */
#define RAFT_FRAME_HEADER_MAX 6u
#define RAFT_FRAME_OVERHEAD_MAX (RAFT_FRAME_HEADER_MAX + 4u)

/* Frame `payload_len` bytes into dst (capacity cap). `payload` may point
 * inside dst — encode the payload at dst + RAFT_FRAME_HEADER_MAX and wrap in
 * place without a second buffer. Returns the frame length, or 0 when cap is
 * too small (or payload_len does not fit 32 bits). */
size_t raft_frame_wrap(uint8_t *dst, size_t cap, const uint8_t *payload, size_t payload_len);

/* Check a received frame. On success returns RAFT_CODEC_OK and points
 * *payload / *payload_len at the payload inside `frame`. A payload longer
 * than max_payload is RAFT_CODEC_ERR_TOO_LARGE (checked before the CRC, so a
 * bogus length never makes us read further). */
int raft_frame_unwrap(const uint8_t *frame, size_t len, size_t max_payload,
                      const uint8_t **payload, size_t *payload_len);

#endif
