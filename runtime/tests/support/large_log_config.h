/*
 * large_log_config.h — capacities of a host model with a large in-memory log
 * (trio-like: 1024 entries of up to 512 B, an arena of 128 KiB, above the
 * 64 KiB the 16-bit offsets once allowed). test_log is built a second time
 * against it (build/tests/test_log_large).
 */
#ifndef LARGE_LOG_CONFIG_H
#define LARGE_LOG_CONFIG_H
#define RAFT_MAX_NODES 4
#define RAFT_LOG_CAPACITY 1024
#define RAFT_MAX_ENTRY_SIZE 512
#define RAFT_LOG_ARENA_SIZE (128u * 1024u)
#define RAFT_MAX_FRAME_SIZE 16384
#endif
