/*
 * fault_files.h — an in-memory directory behind struct raft_file_ops that
 * can crash at any mutating operation (test helper, header-only).
 *
 * Every open-for-writing, write, sync, rename and remove spends one
 * unit of `budget`; the operation that finds the budget at zero is the
 * crash point: a write there lands only its first `tear` bytes, any other
 * operation does not happen, and every later call fails. ff_reboot() then
 * models what a restarted node finds:
 *   process crash  every completed write is in the file (the OS kept it);
 *   power loss     each file falls back to what its last sync made durable,
 *                  plus the first `keep` bytes written after that sync when
 *                  the file was only written forward since (appended to,
 *                  or zeros of a preallocation overwritten in order): the
 *                  bytes from the first one that differs from the durable
 *                  content on. A file emptied (CREATE) and written with
 *                  other content since falls back.
 * Renames and removes are durable at once (the POSIX port fsyncs the
 * directory after a rename). crash_op/crash_file name the operation that
 * crashed, so a test can pick an exact crash point. It also holds the storage to the port contract
 * in raft_storage.h: seek/size only on read handles, write/sync only on
 * write handles, and it records the most handles open at once. It counts
 * operations that free a file's blocks (a rename over an existing file, a
 * remove of one, a CREATE that empties one): what a disk mounted with
 * `discard` makes slow. With `preallocating` set it also offers write_at
 * and extend (UPDATE handles): extend is one mutation that adds durable
 * zeros; a crash there adds nothing.
 */
#ifndef FAULT_FILES_H
#define FAULT_FILES_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "raft/raft_storage.h"

#define FF_MAX_FILES 24
#define FF_MAX_HANDLES 12

struct ff_inode {
    bool used;
    bool linked;          /* has a name */
    char name[64];
    uint8_t *data;
    size_t len, cap;
    uint8_t *durable;     /* content at the last sync */
    size_t durable_len;
    bool emptied;         /* CREATE emptied it since the last sync */
};

struct ff_handle {
    bool open;
    int inode;
    enum raft_file_mode mode;
    size_t pos;
};

struct fault_files {
    struct ff_inode inodes[FF_MAX_FILES];
    struct ff_handle handles[FF_MAX_HANDLES];
    long budget;          /* mutating operations left; < 0 = unlimited */
    size_t tear;          /* bytes of the crashing write that land */
    bool crashed;
    long mutations;       /* mutating operations performed */
    int open_max;         /* most handles open at once (ports may allow few) */
    long frees;           /* operations that freed a file's content */
    long syncs;
    long bytes_read;
    long writes;          /* write and write_at calls */
    long extends;
    bool preallocating;   /* ff_ops offers write_at and extend */
    const char *crash_op; /* the operation that crashed ("sync", ...), or NULL */
    char crash_file[64];  /* the file it was on */
};

static inline void ff_init(struct fault_files *ff)
{
    memset(ff, 0, sizeof *ff);
    ff->budget = -1;
}

static inline void ff_free(struct fault_files *ff)
{
    for (int i = 0; i < FF_MAX_FILES; i++) {
        free(ff->inodes[i].data);
        free(ff->inodes[i].durable);
    }
    memset(ff, 0, sizeof *ff);
}

static inline void ff_copy(struct fault_files *dst, const struct fault_files *src)
{
    *dst = *src;
    for (int i = 0; i < FF_MAX_FILES; i++) {
        const struct ff_inode *s = &src->inodes[i];
        struct ff_inode *d = &dst->inodes[i];
        d->data = malloc(s->cap ? s->cap : 1);
        d->durable = malloc(s->durable_len ? s->durable_len : 1);
        if (s->len) memcpy(d->data, s->data, s->len);
        if (s->durable_len) memcpy(d->durable, s->durable, s->durable_len);
    }
}

static inline int ff_lookup(struct fault_files *ff, const char *name)
{
    for (int i = 0; i < FF_MAX_FILES; i++) {
        if (ff->inodes[i].used && ff->inodes[i].linked && strcmp(ff->inodes[i].name, name) == 0) {
            return i;
        }
    }
    return -1;
}

static inline bool ff_inode_in_use(struct fault_files *ff, int i)
{
    if (ff->inodes[i].linked) {
        return true;
    }
    for (int h = 0; h < FF_MAX_HANDLES; h++) {
        if (ff->handles[h].open && ff->handles[h].inode == i) {
            return true;
        }
    }
    return false;
}

static inline void ff_gc(struct fault_files *ff)
{
    for (int i = 0; i < FF_MAX_FILES; i++) {
        if (ff->inodes[i].used && !ff_inode_in_use(ff, i)) {
            free(ff->inodes[i].data);
            free(ff->inodes[i].durable);
            memset(&ff->inodes[i], 0, sizeof ff->inodes[i]);
        }
    }
}

enum ff_spend_result { FF_GO, FF_CRASH_NOW, FF_DEAD };

/* Spend one mutation: go ahead, crash at this very operation (remembered as
 * `op` on `file`), or already dead. */
static inline enum ff_spend_result ff_spend(struct fault_files *ff, const char *op, const char *file)
{
    if (ff->crashed) {
        return FF_DEAD;
    }
    if (ff->budget == 0) {
        ff->crashed = true;
        ff->crash_op = op;
        strncpy(ff->crash_file, file, sizeof ff->crash_file - 1);
        return FF_CRASH_NOW;
    }
    if (ff->budget > 0) {
        ff->budget--;
    }
    ff->mutations++;
    return FF_GO;
}

static inline void ff_set_len(struct ff_inode *n, size_t len)
{
    if (len > n->cap) {
        size_t cap = n->cap ? n->cap : 64;
        while (cap < len) cap *= 2;
        n->data = realloc(n->data, cap);
        n->cap = cap;
    }
    if (len > n->len) {
        memset(n->data + n->len, 0, len - n->len);
    }
    n->len = len;
}

static inline int ff_open(void *ctx, const char *name, enum raft_file_mode mode)
{
    struct fault_files *ff = ctx;
    if (ff->crashed) {
        return RAFT_FILE_ERR_IO;
    }
    int i = ff_lookup(ff, name);
    if ((mode == RAFT_FILE_READ || mode == RAFT_FILE_UPDATE) && i < 0) {
        return RAFT_FILE_ERR_NOT_FOUND;
    }
    if (mode != RAFT_FILE_READ && ff_spend(ff, "open", name) != FF_GO) {
        return RAFT_FILE_ERR_IO;
    }
    if (i < 0) {
        for (i = 0; i < FF_MAX_FILES && ff->inodes[i].used; i++) {
        }
        if (i == FF_MAX_FILES) {
            return RAFT_FILE_ERR_IO;
        }
        struct ff_inode *n = &ff->inodes[i];
        n->used = true;
        n->linked = true;
        strncpy(n->name, name, sizeof n->name - 1);
    }
    if (mode == RAFT_FILE_CREATE) {
        ff->frees += ff->inodes[i].len > 0;
        ff->inodes[i].len = 0;
        ff->inodes[i].emptied = true;
    }
    int found = -1, open_now = 1;
    for (int h = 0; h < FF_MAX_HANDLES; h++) {
        if (ff->handles[h].open) {
            open_now++;
        } else if (found < 0) {
            found = h;
        }
    }
    if (found < 0) {
        return RAFT_FILE_ERR_IO;
    }
    ff->handles[found] = (struct ff_handle){true, i, mode, 0};
    if (open_now > ff->open_max) {
        ff->open_max = open_now;
    }
    return found;
}

static inline struct ff_handle *ff_handle_of(struct fault_files *ff, int h)
{
    if (h < 0 || h >= FF_MAX_HANDLES || !ff->handles[h].open) {
        return NULL;
    }
    return &ff->handles[h];
}

static inline int ff_close(void *ctx, int h)
{
    struct fault_files *ff = ctx;
    struct ff_handle *hd = ff_handle_of(ff, h);
    if (hd == NULL) {
        return RAFT_FILE_ERR_IO;
    }
    hd->open = false; /* the descriptor is released even after a crash */
    ff_gc(ff);
    return ff->crashed ? RAFT_FILE_ERR_IO : 0;
}

static inline int32_t ff_read(void *ctx, int h, void *buf, uint32_t len)
{
    struct fault_files *ff = ctx;
    struct ff_handle *hd = ff_handle_of(ff, h);
    if (ff->crashed || hd == NULL || hd->mode != RAFT_FILE_READ) {
        return RAFT_FILE_ERR_IO;
    }
    struct ff_inode *n = &ff->inodes[hd->inode];
    size_t avail = hd->pos < n->len ? n->len - hd->pos : 0;
    size_t k = len < avail ? len : avail;
    memcpy(buf, n->data + hd->pos, k);
    hd->pos += k;
    ff->bytes_read += (long)k;
    return (int32_t)k;
}

static inline int ff_write(void *ctx, int h, const void *buf, uint32_t len)
{
    struct fault_files *ff = ctx;
    struct ff_handle *hd = ff_handle_of(ff, h);
    if (hd == NULL || hd->mode == RAFT_FILE_READ || hd->mode == RAFT_FILE_UPDATE) {
        return RAFT_FILE_ERR_IO;
    }
    struct ff_inode *n = &ff->inodes[hd->inode];
    size_t k = len;
    ff->writes++;
    enum ff_spend_result sp = ff_spend(ff, "write", n->name);
    if (sp == FF_DEAD) {
        return RAFT_FILE_ERR_IO;
    }
    bool ok = sp == FF_GO;
    if (!ok) {
        k = ff->tear < len ? ff->tear : len; /* the torn write */
    }
    size_t at = hd->mode == RAFT_FILE_APPEND ? n->len : hd->pos;
    if (at + k > n->len) {
        ff_set_len(n, at + k);
    }
    if (k > 0) {
        memcpy(n->data + at, buf, k);
    }
    hd->pos = at + k;
    return ok ? 0 : RAFT_FILE_ERR_IO;
}

/* UPDATE handles only, inside the file (the port contract). */
static inline int ff_write_at(void *ctx, int h, uint64_t offset, const void *buf, uint32_t len)
{
    struct fault_files *ff = ctx;
    struct ff_handle *hd = ff_handle_of(ff, h);
    if (hd == NULL || hd->mode != RAFT_FILE_UPDATE || offset + len > ff->inodes[hd->inode].len) {
        return RAFT_FILE_ERR_IO;
    }
    struct ff_inode *n = &ff->inodes[hd->inode];
    ff->writes++;
    enum ff_spend_result sp = ff_spend(ff, "write", n->name);
    if (sp == FF_DEAD) {
        return RAFT_FILE_ERR_IO;
    }
    size_t k = sp == FF_GO ? len : (ff->tear < len ? ff->tear : len);
    if (k > 0) {
        memcpy(n->data + offset, buf, k);
    }
    return sp == FF_GO ? 0 : RAFT_FILE_ERR_IO;
}

/* Durable zeros up to `size`: the file's new length survives a power loss,
 * with whatever else was durable before (a port syncs the file here). */
static inline int ff_extend(void *ctx, int h, uint64_t size)
{
    struct fault_files *ff = ctx;
    struct ff_handle *hd = ff_handle_of(ff, h);
    if (hd == NULL || hd->mode != RAFT_FILE_UPDATE || ff_spend(ff, "extend", ff->inodes[hd->inode].name) != FF_GO) {
        return RAFT_FILE_ERR_IO;
    }
    struct ff_inode *n = &ff->inodes[hd->inode];
    ff->extends++;
    if (size > n->len) {
        ff_set_len(n, (size_t)size);
    }
    /* like the port: the zeros go out with a sync, which takes the rest */
    free(n->durable);
    n->durable = malloc(n->len ? n->len : 1);
    if (n->len > 0) {
        memcpy(n->durable, n->data, n->len);
    }
    n->durable_len = n->len;
    n->emptied = false;
    return 0;
}

static inline int ff_seek(void *ctx, int h, uint32_t offset)
{
    struct fault_files *ff = ctx;
    struct ff_handle *hd = ff_handle_of(ff, h);
    if (ff->crashed || hd == NULL || hd->mode != RAFT_FILE_READ) {
        return RAFT_FILE_ERR_IO;
    }
    hd->pos = offset;
    return 0;
}

static inline int64_t ff_size(void *ctx, int h)
{
    struct fault_files *ff = ctx;
    struct ff_handle *hd = ff_handle_of(ff, h);
    if (ff->crashed || hd == NULL || hd->mode != RAFT_FILE_READ) {
        return RAFT_FILE_ERR_IO;
    }
    return (int64_t)ff->inodes[hd->inode].len;
}

static inline int ff_sync(void *ctx, int h)
{
    struct fault_files *ff = ctx;
    struct ff_handle *hd = ff_handle_of(ff, h);
    if (hd == NULL || hd->mode == RAFT_FILE_READ || ff_spend(ff, "sync", ff->inodes[hd->inode].name) != FF_GO) {
        return RAFT_FILE_ERR_IO;
    }
    struct ff_inode *n = &ff->inodes[hd->inode];
    ff->syncs++;
    free(n->durable);
    n->durable = malloc(n->len ? n->len : 1);
    if (n->len > 0) {
        memcpy(n->durable, n->data, n->len);
    }
    n->durable_len = n->len;
    n->emptied = false;
    return 0;
}

static inline int ff_rename(void *ctx, const char *from, const char *to)
{
    struct fault_files *ff = ctx;
    int i = ff_lookup(ff, from);
    if (i < 0 || ff_spend(ff, "rename", from) != FF_GO) {
        return RAFT_FILE_ERR_IO;
    }
    int j = ff_lookup(ff, to);
    if (j >= 0) {
        ff->inodes[j].linked = false;
        ff->frees++;
    }
    strncpy(ff->inodes[i].name, to, sizeof ff->inodes[i].name - 1);
    ff_gc(ff);
    return 0;
}

static inline int ff_remove(void *ctx, const char *name)
{
    struct fault_files *ff = ctx;
    if (ff_spend(ff, "remove", name) != FF_GO) {
        return RAFT_FILE_ERR_IO;
    }
    int i = ff_lookup(ff, name);
    if (i >= 0) {
        ff->inodes[i].linked = false;
        ff->frees++;
        ff_gc(ff);
    }
    return 0;
}

/* Arm a crash: `ops` more mutations succeed, the next one is the crash point
 * (a write there lands `tear` bytes). */
static inline void ff_arm(struct fault_files *ff, long ops, size_t tear)
{
    ff->budget = ops;
    ff->tear = tear;
}

/* Restart after a crash (see the top of the file). */
static inline void ff_reboot(struct fault_files *ff, bool power_loss, size_t keep)
{
    for (int h = 0; h < FF_MAX_HANDLES; h++) {
        ff->handles[h].open = false;
    }
    ff_gc(ff);
    if (power_loss) {
        for (int i = 0; i < FF_MAX_FILES; i++) {
            struct ff_inode *n = &ff->inodes[i];
            if (!n->used) {
                continue;
            }
            /* written forward since the sync: from the first byte that
             * differs, `keep` bytes reached the disk, the rest did not */
            size_t first = 0;
            while (first < n->durable_len && first < n->len && n->data[first] == n->durable[first]) {
                first++;
            }
            /* appended to (old content intact, whether emptied or not), or
             * overwritten in place without being emptied */
            bool forward = n->len >= n->durable_len && (first == n->durable_len || !n->emptied);
            if (forward) {
                size_t reached = first + (keep < n->len - first ? keep : n->len - first);
                if (n->durable_len > reached) {
                    memcpy(n->data + reached, n->durable + reached, n->durable_len - reached);
                }
                n->len = reached > n->durable_len ? reached : n->durable_len;
            } else {
                ff_set_len(n, n->durable_len);
                if (n->durable_len > 0) {
                    memcpy(n->data, n->durable, n->durable_len);
                }
                n->len = n->durable_len;
            }
            n->emptied = false;
        }
    }
    ff->crashed = false;
    ff->crash_op = NULL;
    ff->budget = -1;
    ff->tear = 0;
}

static inline struct ff_inode *ff_file(struct fault_files *ff, const char *name)
{
    int i = ff_lookup(ff, name);
    return i < 0 ? NULL : &ff->inodes[i];
}

static inline struct raft_file_ops ff_ops(struct fault_files *ff)
{
    struct raft_file_ops ops = {
        .open = ff_open,
        .close = ff_close,
        .read = ff_read,
        .write = ff_write,
        .seek = ff_seek,
        .size = ff_size,
        .sync = ff_sync,
        .rename = ff_rename,
        .remove = ff_remove,
        .write_at = ff->preallocating ? ff_write_at : NULL,
        .extend = ff->preallocating ? ff_extend : NULL,
        .ctx = ff,
    };
    return ops;
}

#endif
