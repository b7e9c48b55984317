/*
 * raft_storage_mem.c — in-memory storage that knows what a crash would keep.
 *
 * `live` is the node's view; `durable` is what survived the last sync. Sync
 * copies only the changed suffix of the log (from dirty_from) and the hard
 * state, so its cost follows the size of the batch, not of the log.
 * With RAFT_MEM_STORAGE_KEEPS_LOG 0 (a volatile node's RAM) there is no
 * `durable`, and a log slot holds only the entry's term (raft_storage.h).
 */
#include <string.h>

#include "raft/raft_crc32c.h"
#include "raft/raft_storage.h"

static struct raft_mem_entry *slot_of(struct raft_mem_image *img, uint64_t index)
{
    return &img->log[(index - 1u) % RAFT_LOG_CAPACITY];
}

/* Term of `index` in img, 0 when the image does not hold it. */
static uint64_t term_at(struct raft_mem_image *img, uint64_t index)
{
    if (index == img->snap.index) {
        return img->snap.term;
    }
    if (index > img->snap.index && index <= img->last_index) {
        return slot_of(img, index)->term;
    }
    return 0;
}

static void mark_dirty(struct raft_mem_storage *m, uint64_t index)
{
    if (m->dirty_from == 0 || index < m->dirty_from) {
        m->dirty_from = index;
    }
}

#if RAFT_MEM_STORAGE_KEEPS_LOG
/* Copy log slots [from, to] and the log end from one image to the other. */
static void copy_log(struct raft_mem_image *dst, struct raft_mem_image *src,
                     uint64_t from, uint64_t to, uint64_t last)
{
    for (uint64_t i = from; i <= to; i++) {
        *slot_of(dst, i) = *slot_of(src, i);
    }
    dst->last_index = last;
}
#endif

void raft_mem_storage_init(struct raft_mem_storage *m)
{
    memset(m, 0, sizeof *m);
}

static int mem_load(void *self, struct raft_storage_state *out)
{
    struct raft_mem_storage *m = self;
    struct raft_mem_image *img = &m->live;
#if !RAFT_MEM_STORAGE_KEEPS_LOG
    if (img->last_index != img->snap.index) {
        return RAFT_STORAGE_ERR_INVALID; /* entries were appended, and they are not kept */
    }
#endif
    out->term = img->term;
    out->vote = img->vote;
    out->snapshot = img->snap;
    out->first_index = img->snap.index + 1u;
    out->last_index = img->last_index;
    out->last_term = term_at(img, img->last_index);
    m->load_cursor = img->snap.index + 1u;
    return RAFT_STORAGE_OK;
}

static int mem_next_entry(void *self, struct raft_storage_entry *out)
{
    struct raft_mem_storage *m = self;
    if (m->load_cursor == 0 || m->load_cursor > m->live.last_index) {
        return 0;
    }
#if RAFT_MEM_STORAGE_KEEPS_LOG
    const struct raft_mem_entry *e = slot_of(&m->live, m->load_cursor);
    out->index = m->load_cursor;
    out->term = e->term;
    out->type = e->type;
    out->len = e->len;
    out->data = e->data;
    m->load_cursor++;
    return 1;
#else
    (void)out;
    return RAFT_STORAGE_ERR_INVALID; /* unreachable: load() refused a non-empty log */
#endif
}

static int mem_set_hard_state(void *self, uint64_t term, uint32_t vote)
{
    struct raft_mem_storage *m = self;
    m->live.term = term;
    m->live.vote = vote;
    m->hard_state_dirty = true;
    return RAFT_STORAGE_OK;
}

static int mem_append(void *self, const struct raft_storage_entry *entry)
{
    struct raft_mem_storage *m = self;
    struct raft_mem_image *img = &m->live;
    m->load_cursor = 0;
    if (entry->index != img->last_index + 1u) {
        return RAFT_STORAGE_ERR_INVALID;
    }
    if (entry->len > RAFT_MAX_ENTRY_SIZE) {
        return RAFT_STORAGE_ERR_TOO_LARGE;
    }
    if (entry->index - img->snap.index > RAFT_LOG_CAPACITY) {
        return RAFT_STORAGE_ERR_FULL;
    }
    struct raft_mem_entry *e = slot_of(img, entry->index);
    e->term = entry->term;
#if RAFT_MEM_STORAGE_KEEPS_LOG
    e->type = entry->type;
    e->len = entry->len;
    if (entry->len > 0) {
        memcpy(e->data, entry->data, entry->len);
    }
#endif
    img->last_index = entry->index;
    mark_dirty(m, entry->index);
    return RAFT_STORAGE_OK;
}

static int mem_truncate(void *self, uint64_t from)
{
    struct raft_mem_storage *m = self;
    m->load_cursor = 0;
    if (from <= m->live.snap.index) {
        return RAFT_STORAGE_ERR_INVALID;
    }
    if (from > m->live.last_index) {
        return RAFT_STORAGE_OK;
    }
    m->live.last_index = from - 1u;
    mark_dirty(m, from);
    return RAFT_STORAGE_OK;
}

static int mem_sync(void *self)
{
    struct raft_mem_storage *m = self;
#if RAFT_MEM_STORAGE_KEEPS_LOG
    if (m->hard_state_dirty) {
        m->durable.term = m->live.term;
        m->durable.vote = m->live.vote;
    }
    if (m->dirty_from != 0) {
        copy_log(&m->durable, &m->live, m->dirty_from, m->live.last_index, m->live.last_index);
    }
#endif
    m->hard_state_dirty = false;
    m->dirty_from = 0;
    m->syncs++;
    return RAFT_STORAGE_OK;
}

static int mem_snapshot_begin(void *self, const struct raft_snapshot_meta *meta)
{
    struct raft_mem_storage *m = self;
    if (meta->conf_len > RAFT_STORAGE_CONF_MAX) {
        return RAFT_STORAGE_ERR_TOO_LARGE;
    }
    if (meta->index < m->live.snap.index || meta->index == 0) {
        return RAFT_STORAGE_ERR_INVALID;
    }
    m->staged_meta = *meta;
    m->staged_len = 0;
    m->staging = true;
    return RAFT_STORAGE_OK;
}

static int mem_snapshot_write(void *self, uint32_t offset, const void *data, size_t len)
{
    struct raft_mem_storage *m = self;
    if (!m->staging || offset != m->staged_len) {
        return RAFT_STORAGE_ERR_INVALID;
    }
    if (len > sizeof m->staged_data - m->staged_len) {
        return RAFT_STORAGE_ERR_FULL;
    }
    if (len > 0) {
        memcpy(m->staged_data + m->staged_len, data, len);
    }
    m->staged_len += (uint32_t)len;
    return RAFT_STORAGE_OK;
}

static int mem_snapshot_commit(void *self)
{
    struct raft_mem_storage *m = self;
    if (!m->staging) {
        return RAFT_STORAGE_ERR_INVALID;
    }
    if (m->staged_meta.index < m->live.snap.index) {
        m->staging = false;
        return RAFT_STORAGE_ERR_INVALID;
    }
    mem_sync(m); /* commit orders after everything written before it */
    struct raft_snapshot_meta meta = m->staged_meta;
    meta.data_len = m->staged_len;
    meta.data_crc = raft_crc32c(m->staged_data, m->staged_len);
    /* Raft's rule: keep the suffix only if the log agrees at meta.index. */
    bool keep = term_at(&m->live, meta.index) == meta.term && meta.index <= m->live.last_index;
    uint64_t last = keep ? m->live.last_index : meta.index;
    m->live.snap = meta;
    m->live.last_index = last;
#if RAFT_MEM_STORAGE_KEEPS_LOG
    m->durable.snap = meta;
    m->durable.last_index = last;
#endif
    memcpy(m->snap_data, m->staged_data, m->staged_len);
    m->staging = false;
    m->load_cursor = 0;
    return RAFT_STORAGE_OK;
}

static void mem_snapshot_abort(void *self)
{
    struct raft_mem_storage *m = self;
    m->staging = false;
}

static int mem_snapshot_read(void *self, uint32_t offset, void *buf, size_t cap, size_t *out_len)
{
    struct raft_mem_storage *m = self;
    *out_len = 0;
    uint32_t size = m->live.snap.data_len;
    if (offset > size) {
        return RAFT_STORAGE_ERR_INVALID;
    }
    size_t n = size - offset;
    if (n > cap) {
        n = cap;
    }
    if (n > 0) {
        memcpy(buf, m->snap_data + offset, n);
    }
    *out_len = n;
    return RAFT_STORAGE_OK;
}

#if RAFT_MEM_STORAGE_KEEPS_LOG
void raft_mem_storage_crash(struct raft_mem_storage *m, uint32_t keep_entries)
{
    if (m->hard_state_dirty) {
        m->live.term = m->durable.term;
        m->live.vote = m->durable.vote;
        m->hard_state_dirty = false;
    }
    if (m->dirty_from != 0) {
        uint64_t from = m->dirty_from;
        /* A torn batch: the truncation and the first keep_entries appends
         * reached the disk, nothing after them. */
        if (keep_entries > 0) {
            uint64_t written = m->live.last_index + 1u > from ? m->live.last_index + 1u - from : 0;
            uint64_t kept = keep_entries < written ? keep_entries : written;
            copy_log(&m->durable, &m->live, from, from + kept - 1u, from + kept - 1u);
        }
        /* The live view becomes what the disk holds. */
        copy_log(&m->live, &m->durable, from, m->durable.last_index, m->durable.last_index);
        m->dirty_from = 0;
    }
    m->staging = false;
    m->load_cursor = 0;
}
#endif

static const struct raft_storage_ops mem_ops = {
    .load = mem_load,
    .next_entry = mem_next_entry,
    .set_hard_state = mem_set_hard_state,
    .append = mem_append,
    .truncate = mem_truncate,
    .sync = mem_sync,
    .snapshot_begin = mem_snapshot_begin,
    .snapshot_write = mem_snapshot_write,
    .snapshot_commit = mem_snapshot_commit,
    .snapshot_abort = mem_snapshot_abort,
    .snapshot_read = mem_snapshot_read,
    .describe_fault = NULL, /* its errors are contract violations, named by the code */
};

struct raft_storage raft_mem_storage_as_storage(struct raft_mem_storage *m)
{
    struct raft_storage s = {&mem_ops, m};
    return s;
}
