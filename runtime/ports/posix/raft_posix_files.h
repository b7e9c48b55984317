/*
 * raft_posix_files.h — struct raft_file_ops over POSIX files in one directory
 * (native nodes). Handles are file descriptors. sync = fdatasync (the data
 * and the length, not the timestamps); rename = renameat + fsync of the
 * directory, so a replaced file survives power loss. write_at = pwrite and
 * extend = zeros written and synced: the log file is preallocated, so that
 * a commit's sync writes only data blocks (see raft_storage.h).
 */
#ifndef RAFT_POSIX_FILES_H
#define RAFT_POSIX_FILES_H

#include "raft/raft_storage.h"

struct raft_posix_files {
    int dir_fd;
};

/* Open (and create with mode 0755 when missing, one level) the directory,
 * then fsync it (and its parent when it was just created), so that renames
 * a crashed predecessor made are durable before the storage reads them.
 * Returns 0, or -1 with errno set. */
int raft_posix_files_open(struct raft_posix_files *pf, const char *dir);
void raft_posix_files_close(struct raft_posix_files *pf);
/* The ops table bound to pf. */
struct raft_file_ops raft_posix_files_ops(struct raft_posix_files *pf);

#endif
