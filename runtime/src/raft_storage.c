/* raft_storage.c — what every storage backend shares. */
#include "raft/raft_storage.h"

const char *raft_storage_error_name(int err)
{
    switch (err) {
    case RAFT_STORAGE_OK: return "ok";
    case RAFT_STORAGE_ERR_IO: return "io-error";
    case RAFT_STORAGE_ERR_CORRUPT: return "corrupt";
    case RAFT_STORAGE_ERR_FULL: return "full";
    case RAFT_STORAGE_ERR_INVALID: return "invalid-call";
    case RAFT_STORAGE_ERR_TOO_LARGE: return "too-large";
    default: return "unknown-error";
    }
}
