package org.raftforge.generator.templates

import org.raftforge.generator.plan.VariantPlan

import static org.raftforge.generator.templates.CText.*

/** cluster_config.h: the runtime's capacity macros (raft_config.h's contract) and the node table's names. */
class ClusterConfigHeaderTemplate {

	public static val PATH = "cluster_config.h"

	def CharSequence content(VariantPlan plan) {
		val c = plan.capacities
		'''
		/*
		 * cluster_config.h — the runtime's capacities for cluster «plan.clusterName», variant «plan.variantName».
		 *
		 * «generatedFrom(plan)»
		 * The runtime includes it through -DRAFT_CONFIG_FILE="cluster_config.h";
		 * runtime/include/raft/raft_config.h says what each macro means, derives the
		 * rest and checks them all at compile time.
		 */
		#ifndef RAFTFORGE_CLUSTER_CONFIG_H
		#define RAFTFORGE_CLUSTER_CONFIG_H

		/* ---- capacities (raft_config.h) ---- */

		/* Voters and learners in the node table: the model's «c.maxNodes» nodes. */
		#define RAFT_MAX_NODES «c.maxNodes»
		/* Log entries kept in memory between snapshots: max-log-entries. */
		#define RAFT_LOG_CAPACITY «c.logCapacity»
		/* Bytes of one command payload: max-entry-size. */
		#define RAFT_MAX_ENTRY_SIZE «c.maxEntrySize»
		/* Largest wire frame: «c.frameReason». */
		#define RAFT_MAX_FRAME_SIZE «c.maxFrameSize»
		/* Payload bytes of the in-memory log: a quarter of RAFT_LOG_CAPACITY full-size
		 * entries, at least 4 of them, at most 1 GiB (30-bit ring positions). */
		#define RAFT_LOG_ARENA_SIZE «c.logArenaSize»
		/* Entries per AppendEntries: full-size entries that fit one frame after its header. */
		#define RAFT_MAX_BATCH «c.maxBatch»
		/* Snapshot bytes per InstallSnapshot chunk: a frame less its header. */
		#define RAFT_SNAPSHOT_CHUNK «c.snapshotChunk»
		/* Key-value state machine: a key and its value share max-entry-size less
		 * the command's header (op, client, sequence, lengths: 31 B at most). */
		#define RAFT_KV_MAX_KEYS «c.kvMaxKeys»
		#define RAFT_KV_MAX_KEY_LEN «c.kvMaxKeyLen»
		#define RAFT_KV_MAX_VALUE_LEN «c.kvMaxValueLen»
		/* Not in the model: the runtime's defaults. */
		#define RAFT_MAX_SESSIONS «c.maxSessions»
		#define RAFT_MAX_PENDING «c.maxPending»
		«IF plan.transport.isChannel»
		/* Channel «plan.transport.modelName»: capacity «plan.transport.capacity» messages for the whole channel,
		 * «c.channelRingMessages» in each receiving node's ring, each up to one frame (raft_transport.h). */
		#define RAFT_CHANNEL_RING_BYTES RAFT_CHANNEL_RING_BYTES_FOR(«c.channelRingMessages»u, RAFT_MAX_FRAME_SIZE)
		«ENDIF»

		/* ---- the node table (its values are in cluster_config.c) ---- */

		#define CLUSTER_NAME «cString(plan.clusterName)»
		#define CLUSTER_VARIANT «cString(plan.variantName)»
		#define CLUSTER_NODE_COUNT «plan.nodeCount»u
		«FOR node : plan.nodes»

		/* «node.name»: «node.role», «node.address»:«node.port»«IF node.macGenerated» (generated MAC)«ENDIF» */
		#define NODE_«node.macroName»_ID «Integer.toUnsignedString(node.id)»u
		#define NODE_«node.macroName»_IPV4 «hex32(node.address)» /* «node.address» */
		#define NODE_«node.macroName»_PORT «node.port»u
		#define NODE_«node.macroName»_MAC «byteList(node.macBytes)» /* «node.mac» */
		«ENDFOR»

		/* The node table and timing, defined in cluster_config.c. Its type, struct
		 * raft_cluster_config, is in raft/raft_server.h, which cannot be included
		 * here: every runtime header includes this file through raft_config.h. */
		extern const struct raft_cluster_config raft_cluster;

		#endif
		'''
	}
}
