/* mps2_semihost_files.h — the runtime's file-ops interface (struct
 * raft_file_ops, raft_storage.h) over ARM semihosting, so the record-file
 * storage backend keeps a QEMU node's raft_node_{N}_*.bin files on the host.
 *
 * Files live in QEMU's working directory, or under `dir` (relative to it).
 * Durability: a semihosting write reaches the host file (write(2)) before the
 * call returns, so data survives a kill -9 of QEMU; there is no fsync through
 * semihosting, so `sync` does nothing and a host power loss may lose the
 * latest writes. RENAME is the host's rename(2): an atomic replace.
 * Append opens read-write and seeks to the end, because QEMU 7.2 opens the
 * semihosting append modes without O_APPEND (writes would land at offset 0). */
#ifndef MPS2_SEMIHOST_FILES_H
#define MPS2_SEMIHOST_FILES_H

#include "raft/raft_storage.h"

#define MPS2_SH_FILES_DIR_MAX 32u

struct mps2_sh_files {
    char dir[MPS2_SH_FILES_DIR_MAX]; /* "" = QEMU's working directory */
    uint32_t failures;               /* operations the host refused (diagnostics) */
};

/* Binds the file ops to `dir` (NULL or "" for QEMU's working directory; a
 * relative path without a trailing '/'). Returns false when dir is too long. */
bool mps2_sh_files_init(struct mps2_sh_files *files, const char *dir);

/* The ops table bound to `files`. */
struct raft_file_ops mps2_sh_files_ops(struct mps2_sh_files *files);

#endif /* MPS2_SEMIHOST_FILES_H */
