package org.raftforge.generator.plan;

/**
 * The runtime's capacity macros for one variant (cluster_config.h), each with the reason it has its value. Every
 * number comes from the model through the DSL's ResourceEstimator.
 *
 * @param maxNodes             RAFT_MAX_NODES: nodes in the model
 * @param logCapacity          RAFT_LOG_CAPACITY: max-log-entries
 * @param maxEntrySize         RAFT_MAX_ENTRY_SIZE: max-entry-size
 * @param maxFrameSize         RAFT_MAX_FRAME_SIZE
 * @param frameReason          why the frame has that size (for the header comment)
 * @param logArenaSize         RAFT_LOG_ARENA_SIZE
 * @param maxBatch             RAFT_MAX_BATCH
 * @param snapshotChunk        RAFT_SNAPSHOT_CHUNK
 * @param kvMaxKeys            RAFT_KV_MAX_KEYS
 * @param kvMaxKeyLen          RAFT_KV_MAX_KEY_LEN
 * @param kvMaxValueLen        RAFT_KV_MAX_VALUE_LEN
 * @param maxSessions          RAFT_MAX_SESSIONS
 * @param maxPending           RAFT_MAX_PENDING
 * @param channelRingMessages  channel only: frames each node's ring holds (RAFT_CHANNEL_RING_BYTES_FOR's first
 *                             argument), else 0
 * @param controlLineMax       RAFT_CONTROL_LINE_MAX that follows (runtime/include/raft/raft_control.h)
 */
public record Capacities(int maxNodes, long logCapacity, long maxEntrySize, long maxFrameSize, String frameReason,
		long logArenaSize, long maxBatch, long snapshotChunk, long kvMaxKeys, long kvMaxKeyLen, long kvMaxValueLen,
		long maxSessions, long maxPending, long channelRingMessages, long controlLineMax) {
}
