/* raft_posix_files.c — struct raft_file_ops over POSIX files in one directory. */
#define _POSIX_C_SOURCE 200809L

#include "raft_posix_files.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h> /* PATH_MAX */
#include <stdbool.h>
#include <stdio.h> /* renameat */
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int fsync_retry(int fd)
{
    int rc;
    do {
        rc = fsync(fd);
    } while (rc != 0 && errno == EINTR);
    return rc;
}

/* A file's data and what is needed to read it back (its length, its
 * blocks), without the timestamps fsync also writes. */
static int fdatasync_retry(int fd)
{
    int rc;
    do {
        rc = fdatasync(fd);
    } while (rc != 0 && errno == EINTR);
    return rc;
}

/* fsync the directory that holds `dir` (its new entry must survive power loss). */
static int sync_parent(const char *dir)
{
    char parent[PATH_MAX];
    size_t len = strlen(dir);
    while (len > 1 && dir[len - 1] == '/') {
        len--; /* "a/b/" names the same directory as "a/b" */
    }
    while (len > 0 && dir[len - 1] != '/') {
        len--;
    }
    if (len == 0) {
        memcpy(parent, ".", 2);
    } else {
        if (len >= sizeof parent) {
            errno = ENAMETOOLONG;
            return -1;
        }
        memcpy(parent, dir, len);
        parent[len] = '\0';
    }
    int fd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        return -1;
    }
    int rc = fsync_retry(fd);
    close(fd);
    return rc;
}

int raft_posix_files_open(struct raft_posix_files *pf, const char *dir)
{
    pf->dir_fd = -1;
    bool created = mkdir(dir, 0755) == 0;
    if (!created && errno != EEXIST) {
        return -1;
    }
    if (created && sync_parent(dir) != 0) {
        return -1;
    }
    pf->dir_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (pf->dir_fd < 0) {
        return -1;
    }
    /* A process that crashed between a rename and the directory fsync in
     * px_rename left the new name only in the OS cache; the storage is about
     * to read (and build on) it, so make every earlier rename durable now. */
    if (fsync_retry(pf->dir_fd) != 0) {
        int saved = errno;
        close(pf->dir_fd);
        pf->dir_fd = -1;
        errno = saved;
        return -1;
    }
    return 0;
}

void raft_posix_files_close(struct raft_posix_files *pf)
{
    if (pf->dir_fd >= 0) {
        close(pf->dir_fd);
        pf->dir_fd = -1;
    }
}

static int px_open(void *ctx, const char *name, enum raft_file_mode mode)
{
    struct raft_posix_files *pf = ctx;
    int flags = O_CLOEXEC;
    switch (mode) {
    case RAFT_FILE_READ: flags |= O_RDONLY; break;
    case RAFT_FILE_CREATE: flags |= O_WRONLY | O_CREAT | O_TRUNC; break;
    case RAFT_FILE_APPEND: flags |= O_WRONLY | O_CREAT | O_APPEND; break;
    case RAFT_FILE_UPDATE: flags |= O_WRONLY; break;
    default: return RAFT_FILE_ERR_IO;
    }
    int fd;
    do {
        fd = openat(pf->dir_fd, name, flags, 0644);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        return errno == ENOENT ? RAFT_FILE_ERR_NOT_FOUND : RAFT_FILE_ERR_IO;
    }
    return fd;
}

static int px_close(void *ctx, int handle)
{
    (void)ctx;
    /* No retry on EINTR: Linux releases the descriptor anyway. */
    return close(handle) == 0 ? 0 : RAFT_FILE_ERR_IO;
}

static int32_t px_read(void *ctx, int handle, void *buf, uint32_t len)
{
    (void)ctx;
    if (len > INT32_MAX) {
        len = INT32_MAX;
    }
    ssize_t n;
    do {
        n = read(handle, buf, len);
    } while (n < 0 && errno == EINTR);
    return n < 0 ? RAFT_FILE_ERR_IO : (int32_t)n;
}

static int px_write(void *ctx, int handle, const void *buf, uint32_t len)
{
    (void)ctx;
    const char *p = buf;
    while (len > 0) {
        ssize_t n = write(handle, p, len);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return RAFT_FILE_ERR_IO;
        }
        p += n;
        len -= (uint32_t)n;
    }
    return 0;
}

static int px_write_at(void *ctx, int handle, uint64_t offset, const void *buf, uint32_t len)
{
    (void)ctx;
    const char *p = buf;
    while (len > 0) {
        ssize_t n = pwrite(handle, p, len, (off_t)offset);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return RAFT_FILE_ERR_IO;
        }
        p += n;
        offset += (uint64_t)n;
        len -= (uint32_t)n;
    }
    return 0;
}

/* Real zero bytes, not fallocate(): space fallocate() reserves is
 * "unwritten" and the first write into it changes the block map, which the
 * next sync must write too (measured slower than plain appends on ext4). */
static int px_extend(void *ctx, int handle, uint64_t size)
{
    (void)ctx;
    struct stat st;
    if (fstat(handle, &st) != 0) {
        return RAFT_FILE_ERR_IO;
    }
    static const char zeros[16384];
    for (uint64_t at = (uint64_t)st.st_size; at < size;) {
        uint32_t n = size - at < sizeof zeros ? (uint32_t)(size - at) : (uint32_t)sizeof zeros;
        if (px_write_at(ctx, handle, at, zeros, n) != 0) {
            return RAFT_FILE_ERR_IO;
        }
        at += n;
    }
    return fdatasync_retry(handle) == 0 ? 0 : RAFT_FILE_ERR_IO;
}

static int px_seek(void *ctx, int handle, uint32_t offset)
{
    (void)ctx;
    return lseek(handle, (off_t)offset, SEEK_SET) == (off_t)offset ? 0 : RAFT_FILE_ERR_IO;
}

static int64_t px_size(void *ctx, int handle)
{
    (void)ctx;
    struct stat st;
    return fstat(handle, &st) == 0 ? (int64_t)st.st_size : RAFT_FILE_ERR_IO;
}

static int px_sync(void *ctx, int handle)
{
    (void)ctx;
    return fdatasync_retry(handle) == 0 ? 0 : RAFT_FILE_ERR_IO;
}

static int px_rename(void *ctx, const char *from, const char *to)
{
    struct raft_posix_files *pf = ctx;
    if (renameat(pf->dir_fd, from, pf->dir_fd, to) != 0) {
        return RAFT_FILE_ERR_IO;
    }
    /* The new name must survive power loss before we build on it. */
    return fsync_retry(pf->dir_fd) == 0 ? 0 : RAFT_FILE_ERR_IO;
}

static int px_remove(void *ctx, const char *name)
{
    struct raft_posix_files *pf = ctx;
    if (unlinkat(pf->dir_fd, name, 0) != 0 && errno != ENOENT) {
        return RAFT_FILE_ERR_IO;
    }
    return 0;
}

struct raft_file_ops raft_posix_files_ops(struct raft_posix_files *pf)
{
    struct raft_file_ops ops = {
        .open = px_open,
        .close = px_close,
        .read = px_read,
        .write = px_write,
        .seek = px_seek,
        .size = px_size,
        .sync = px_sync,
        .rename = px_rename,
        .remove = px_remove,
        .write_at = px_write_at,
        .extend = px_extend,
        .ctx = pf,
    };
    return ops;
}
