/* mps2_semihost_files.c — struct raft_file_ops over semihosting. */
#include "mps2/mps2_semihost_files.h"

#include <string.h>

#include "mps2/mps2_semihost.h"

#define PATH_MAX_BYTES (MPS2_SH_FILES_DIR_MAX + RAFT_FILE_NAME_MAX + 2u)

bool mps2_sh_files_init(struct mps2_sh_files *files, const char *dir)
{
    memset(files, 0, sizeof *files);
    if (dir == NULL) {
        return true;
    }
    size_t len = strlen(dir);
    if (len >= sizeof files->dir) {
        return false;
    }
    memcpy(files->dir, dir, len + 1u);
    return true;
}

/* dir + "/" + name; false when it does not fit. */
static bool full_path(const struct mps2_sh_files *files, const char *name, char out[PATH_MAX_BYTES])
{
    size_t dir_len = strlen(files->dir), name_len = strlen(name);
    if (name_len == 0u || name_len >= RAFT_FILE_NAME_MAX) {
        return false;
    }
    size_t at = 0;
    if (dir_len > 0u) {
        memcpy(out, files->dir, dir_len);
        out[dir_len] = '/';
        at = dir_len + 1u;
    }
    memcpy(out + at, name, name_len + 1u);
    return true;
}

static int failed(struct mps2_sh_files *files)
{
    files->failures++;
    return RAFT_FILE_ERR_IO;
}

static int op_open(void *ctx, const char *name, enum raft_file_mode mode)
{
    struct mps2_sh_files *files = ctx;
    char path[PATH_MAX_BYTES];
    if (!full_path(files, name, path)) {
        return failed(files);
    }
    int32_t handle;
    switch (mode) {
    case RAFT_FILE_READ:
        handle = mps2_sh_open(path, MPS2_SH_READ);
        if (handle < 0 && mps2_sh_errno() == MPS2_SH_ENOENT) {
            return RAFT_FILE_ERR_NOT_FOUND;
        }
        break;
    case RAFT_FILE_CREATE:
        handle = mps2_sh_open(path, MPS2_SH_WRITE);
        break;
    case RAFT_FILE_APPEND:
        handle = mps2_sh_open_append(path);
        break;
    default:
        handle = -1;
        break;
    }
    return handle < 0 ? failed(files) : (int)handle;
}

static int op_close(void *ctx, int handle)
{
    return mps2_sh_close(handle) == 0 ? 0 : failed(ctx);
}

static int32_t op_read(void *ctx, int handle, void *buf, uint32_t len)
{
    int32_t n = mps2_sh_read(handle, buf, len);
    return n < 0 ? failed(ctx) : n;
}

static int op_write(void *ctx, int handle, const void *buf, uint32_t len)
{
    return mps2_sh_write(handle, buf, len) == 0 ? 0 : failed(ctx);
}

static int op_seek(void *ctx, int handle, uint32_t offset)
{
    return mps2_sh_seek(handle, offset) == 0 ? 0 : failed(ctx);
}

static int64_t op_size(void *ctx, int handle)
{
    int32_t len = mps2_sh_flen(handle);
    return len < 0 ? failed(ctx) : (int64_t)len;
}

static int op_sync(void *ctx, int handle)
{
    /* Nothing to do: see the header (writes are already in the host file). */
    (void)ctx;
    (void)handle;
    return 0;
}

static int op_rename(void *ctx, const char *from, const char *to)
{
    struct mps2_sh_files *files = ctx;
    char from_path[PATH_MAX_BYTES], to_path[PATH_MAX_BYTES];
    if (!full_path(files, from, from_path) || !full_path(files, to, to_path)) {
        return failed(files);
    }
    return mps2_sh_rename(from_path, to_path) == 0 ? 0 : failed(files);
}

static int op_remove(void *ctx, const char *name)
{
    struct mps2_sh_files *files = ctx;
    char path[PATH_MAX_BYTES];
    if (!full_path(files, name, path)) {
        return failed(files);
    }
    if (mps2_sh_remove(path) == 0 || mps2_sh_errno() == MPS2_SH_ENOENT) {
        return 0; /* a missing file is already removed */
    }
    return failed(files);
}

struct raft_file_ops mps2_sh_files_ops(struct mps2_sh_files *files)
{
    return (struct raft_file_ops){
        .open = op_open,
        .close = op_close,
        .read = op_read,
        .write = op_write,
        .seek = op_seek,
        .size = op_size,
        .sync = op_sync,
        .rename = op_rename,
        .remove = op_remove,
        .ctx = files,
    };
}
