/*
 * The seed's capacities (examples/metal/metal.raft): 5 voters plus room for a
 * learner, 256 log entries, small keys and values, frames that fit one
 * Ethernet frame. Used by `make footprint` to size the core for Cortex-M4.
 */
#ifndef SEED_CLUSTER_CONFIG_H
#define SEED_CLUSTER_CONFIG_H
#define RAFT_MAX_NODES 6
#define RAFT_LOG_CAPACITY 256
#define RAFT_MAX_ENTRY_SIZE 128
#define RAFT_MAX_FRAME_SIZE 1472
#define RAFT_KV_MAX_KEYS 64
#define RAFT_KV_MAX_KEY_LEN 16
#define RAFT_KV_MAX_VALUE_LEN 32
#define RAFT_MAX_SESSIONS 16
#define RAFT_MAX_PENDING 8
#endif
