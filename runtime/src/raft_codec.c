/* raft_codec.c — bounds-checked varint writer/reader and CRC-protected frames. */
#include "raft/raft_codec.h"

#include <string.h>

#include "raft/raft_crc32c.h"

const char *raft_codec_error_name(int err)
{
    switch (err) {
    case RAFT_CODEC_OK: return "ok";
    case RAFT_CODEC_ERR_NO_SPACE: return "no-space";
    case RAFT_CODEC_ERR_TRUNCATED: return "truncated";
    case RAFT_CODEC_ERR_BAD_VARINT: return "bad-varint";
    case RAFT_CODEC_ERR_RANGE: return "out-of-range";
    case RAFT_CODEC_ERR_BAD_VERSION: return "bad-version";
    case RAFT_CODEC_ERR_LENGTH_MISMATCH: return "length-mismatch";
    case RAFT_CODEC_ERR_CRC: return "crc-mismatch";
    case RAFT_CODEC_ERR_TOO_LARGE: return "too-large";
    case RAFT_CODEC_ERR_TRAILING: return "trailing-bytes";
    default: return "unknown-error";
    }
}

size_t raft_varint_size(uint64_t value)
{
    size_t n = 1;
    while (value >= 0x80u) {
        value >>= 7;
        n++;
    }
    return n;
}

/* ---- writer ---------------------------------------------------------- */

void raft_writer_init(struct raft_writer *w, void *buf, size_t cap)
{
    w->buf = buf;
    w->cap = cap;
    w->len = 0;
    w->err = RAFT_CODEC_OK;
}

/* Reserve n bytes; NULL (and the sticky error) when they do not fit. */
static uint8_t *writer_take(struct raft_writer *w, size_t n)
{
    if (w->err != RAFT_CODEC_OK) {
        return NULL;
    }
    if (n > w->cap - w->len) {
        w->err = RAFT_CODEC_ERR_NO_SPACE;
        return NULL;
    }
    uint8_t *p = w->buf + w->len;
    w->len += n;
    return p;
}

void raft_write_u8(struct raft_writer *w, uint8_t v)
{
    uint8_t *p = writer_take(w, 1);
    if (p != NULL) {
        p[0] = v;
    }
}

void raft_write_u32le(struct raft_writer *w, uint32_t v)
{
    uint8_t *p = writer_take(w, 4);
    if (p != NULL) {
        for (int i = 0; i < 4; i++) {
            p[i] = (uint8_t)(v >> (8 * i));
        }
    }
}

void raft_write_u64le(struct raft_writer *w, uint64_t v)
{
    uint8_t *p = writer_take(w, 8);
    if (p != NULL) {
        for (int i = 0; i < 8; i++) {
            p[i] = (uint8_t)(v >> (8 * i));
        }
    }
}

void raft_write_varint(struct raft_writer *w, uint64_t v)
{
    uint8_t *p = writer_take(w, raft_varint_size(v));
    if (p == NULL) {
        return;
    }
    while (v >= 0x80u) {
        *p++ = (uint8_t)(v | 0x80u);
        v >>= 7;
    }
    *p = (uint8_t)v;
}

void raft_write_zigzag(struct raft_writer *w, int64_t v)
{
    /* (v << 1) ^ (v >> 63) without shifting a negative value. */
    uint64_t u = (uint64_t)v;
    raft_write_varint(w, (u << 1) ^ (v < 0 ? UINT64_MAX : 0u));
}

void raft_write_bool(struct raft_writer *w, bool v)
{
    raft_write_u8(w, v ? 1u : 0u);
}

void raft_write_raw(struct raft_writer *w, const void *data, size_t len)
{
    uint8_t *p = writer_take(w, len);
    if (p != NULL && len > 0) {
        memcpy(p, data, len);
    }
}

void raft_write_bytes(struct raft_writer *w, const void *data, size_t len)
{
    raft_write_varint(w, len);
    raft_write_raw(w, data, len);
}

/* ---- reader ---------------------------------------------------------- */

void raft_reader_init(struct raft_reader *r, const void *buf, size_t len)
{
    r->buf = buf;
    r->len = len;
    r->pos = 0;
    r->err = RAFT_CODEC_OK;
}

static void reader_fail(struct raft_reader *r, int err)
{
    if (r->err == RAFT_CODEC_OK) {
        r->err = err;
    }
}

/* The next n bytes, or NULL (and the sticky error) if fewer remain. */
static const uint8_t *reader_take(struct raft_reader *r, size_t n)
{
    if (r->err != RAFT_CODEC_OK) {
        return NULL;
    }
    if (n > r->len - r->pos) {
        reader_fail(r, RAFT_CODEC_ERR_TRUNCATED);
        return NULL;
    }
    const uint8_t *p = r->buf + r->pos;
    r->pos += n;
    return p;
}

uint8_t raft_read_u8(struct raft_reader *r)
{
    const uint8_t *p = reader_take(r, 1);
    return p != NULL ? p[0] : 0;
}

uint32_t raft_read_u32le(struct raft_reader *r)
{
    const uint8_t *p = reader_take(r, 4);
    uint32_t v = 0;
    if (p != NULL) {
        for (int i = 0; i < 4; i++) {
            v |= (uint32_t)p[i] << (8 * i);
        }
    }
    return v;
}

uint64_t raft_read_u64le(struct raft_reader *r)
{
    const uint8_t *p = reader_take(r, 8);
    uint64_t v = 0;
    if (p != NULL) {
        for (int i = 0; i < 8; i++) {
            v |= (uint64_t)p[i] << (8 * i);
        }
    }
    return v;
}

uint64_t raft_read_varint(struct raft_reader *r)
{
    uint64_t v = 0;
    for (unsigned shift = 0; shift < 70; shift += 7) {
        const uint8_t *p = reader_take(r, 1);
        if (p == NULL) {
            return 0;
        }
        uint8_t group = p[0] & 0x7Fu;
        /* The tenth byte may only carry the top bit of a 64-bit value. */
        if (shift == 63 && (p[0] > 1u)) {
            reader_fail(r, RAFT_CODEC_ERR_BAD_VARINT);
            return 0;
        }
        v |= (uint64_t)group << shift;
        if ((p[0] & 0x80u) == 0) {
            /* Minimal encoding only: a trailing zero group is over-long. */
            if (group == 0 && shift > 0) {
                reader_fail(r, RAFT_CODEC_ERR_BAD_VARINT);
                return 0;
            }
            return v;
        }
    }
    reader_fail(r, RAFT_CODEC_ERR_BAD_VARINT);
    return 0;
}

int64_t raft_read_zigzag(struct raft_reader *r)
{
    uint64_t u = raft_read_varint(r);
    uint64_t magnitude = u >> 1;
    /* Odd values are negative: -(magnitude) - 1, computed without overflow. */
    return (u & 1u) ? -(int64_t)magnitude - 1 : (int64_t)magnitude;
}

bool raft_read_bool(struct raft_reader *r)
{
    uint8_t v = raft_read_u8(r);
    if (v > 1u) {
        reader_fail(r, RAFT_CODEC_ERR_RANGE);
        return false;
    }
    return v == 1u;
}

uint64_t raft_read_varint_max(struct raft_reader *r, uint64_t max)
{
    uint64_t v = raft_read_varint(r);
    if (v > max) {
        reader_fail(r, RAFT_CODEC_ERR_RANGE);
        return 0;
    }
    return v;
}

void raft_read_raw(struct raft_reader *r, void *dst, size_t len)
{
    const uint8_t *p = reader_take(r, len);
    if (p != NULL && len > 0) {
        memcpy(dst, p, len);
    }
}

size_t raft_read_bytes_ref(struct raft_reader *r, const uint8_t **data, size_t max_len)
{
    *data = NULL;
    size_t len = (size_t)raft_read_varint_max(r, max_len);
    const uint8_t *p = reader_take(r, len);
    if (p == NULL) {
        return 0;
    }
    *data = p;
    return len;
}

size_t raft_read_bytes(struct raft_reader *r, void *dst, size_t cap)
{
    const uint8_t *p;
    size_t len = raft_read_bytes_ref(r, &p, cap);
    if (p != NULL && len > 0) {
        memcpy(dst, p, len);
    }
    return r->err == RAFT_CODEC_OK ? len : 0;
}

size_t raft_reader_remaining(const struct raft_reader *r)
{
    return r->len - r->pos;
}

int raft_reader_finish(struct raft_reader *r)
{
    if (r->err == RAFT_CODEC_OK && r->pos != r->len) {
        r->err = RAFT_CODEC_ERR_TRAILING;
    }
    return r->err;
}

/* ---- frames ---------------------------------------------------------- */

size_t raft_frame_wrap(uint8_t *dst, size_t cap, const uint8_t *payload, size_t payload_len)
{
    if (payload_len > UINT32_MAX) {
        return 0;
    }
    size_t header = 1 + raft_varint_size(payload_len);
    if (cap < header || payload_len > cap - header || cap - header - payload_len < 4) {
        return 0;
    }
    /* Move first: payload may already sit inside dst. */
    memmove(dst + header, payload, payload_len);
    struct raft_writer w;
    raft_writer_init(&w, dst, header);
    raft_write_u8(&w, RAFT_FRAME_VERSION);
    raft_write_varint(&w, payload_len);
    size_t body = header + payload_len;
    raft_writer_init(&w, dst + body, 4);
    raft_write_u32le(&w, raft_crc32c(dst, body));
    return body + 4;
}

int raft_frame_unwrap(const uint8_t *frame, size_t len, size_t max_payload,
                      const uint8_t **payload, size_t *payload_len)
{
    *payload = NULL;
    *payload_len = 0;
    struct raft_reader r;
    raft_reader_init(&r, frame, len);
    uint8_t version = raft_read_u8(&r);
    if (r.err != RAFT_CODEC_OK) {
        return r.err;
    }
    if (version != RAFT_FRAME_VERSION) {
        return RAFT_CODEC_ERR_BAD_VERSION;
    }
    uint64_t n = raft_read_varint(&r);
    if (r.err != RAFT_CODEC_OK) {
        return r.err;
    }
    if (n > max_payload) {
        return RAFT_CODEC_ERR_TOO_LARGE;
    }
    size_t remaining = raft_reader_remaining(&r);
    if (remaining < 4 || n > remaining - 4) {
        return RAFT_CODEC_ERR_TRUNCATED;
    }
    if (n < remaining - 4) {
        return RAFT_CODEC_ERR_LENGTH_MISMATCH;
    }
    size_t body = r.pos + (size_t)n;
    struct raft_reader crc_reader;
    raft_reader_init(&crc_reader, frame + body, 4);
    if (raft_read_u32le(&crc_reader) != raft_crc32c(frame, body)) {
        return RAFT_CODEC_ERR_CRC;
    }
    *payload = frame + r.pos;
    *payload_len = (size_t)n;
    return RAFT_CODEC_OK;
}
