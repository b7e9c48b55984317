package org.raftforge.generator.templates

import org.raftforge.generator.plan.VariantPlan

import static org.raftforge.generator.templates.CText.*

/** cluster_config.c: the node table, timing and options as one const struct raft_cluster_config. */
class ClusterConfigSourceTemplate {

	public static val PATH = "cluster_config.c"

	def CharSequence content(VariantPlan plan) {
		val t = plan.timing
		'''
		/*
		 * cluster_config.c — node table and timing of cluster «plan.clusterName», variant «plan.variantName».
		 *
		 * «generatedFrom(plan)»
		 */
		#include "raft/raft_server.h"

		/* The model's raft block, in milliseconds. */
		#define ELECTION_TIMEOUT_MIN_MS «t.electionTimeoutMinMs»u
		#define ELECTION_TIMEOUT_MAX_MS «t.electionTimeoutMaxMs»u
		#define HEARTBEAT_MS «t.heartbeatMs»u
		«IF t.leaseMs > 0»
		#define LEASE_MS «t.leaseMs»u
		«ELSE»
		#define LEASE_MS 0u /* no lease: reads by ReadIndex */
		«ENDIF»
		#define PRE_VOTE «t.preVote»
		#define CHECK_QUORUM «t.checkQuorum»
		/* Applied entries between two snapshots. */
		#define SNAPSHOT_THRESHOLD «t.snapshotThreshold»u
		/* A client request not answered by then gets `err timeout`: 4 x the maximum election timeout. */
		#define REQUEST_TIMEOUT_MS «t.requestTimeoutMs»u
		/* log-level «t.logLevel.word»: «IF t.logLevel.writesEvents»replies and event lines«ELSE»replies only, no event lines«ENDIF». */
		#define LOG_LEVEL «t.logLevel.runtimeValue»u

		const struct raft_cluster_config raft_cluster = {
		    .name = CLUSTER_NAME,
		    .election_timeout_min_ms = ELECTION_TIMEOUT_MIN_MS,
		    .election_timeout_max_ms = ELECTION_TIMEOUT_MAX_MS,
		    .heartbeat_ms = HEARTBEAT_MS,
		    .lease_ms = LEASE_MS,
		    .pre_vote = PRE_VOTE,
		    .check_quorum = CHECK_QUORUM,
		    .snapshot_threshold = SNAPSHOT_THRESHOLD,
		    .request_timeout_ms = REQUEST_TIMEOUT_MS,
		    .log_level = LOG_LEVEL,
		    .node_count = CLUSTER_NODE_COUNT,
		    .nodes = {
		        «FOR node : plan.nodes»
		        {.id = NODE_«node.macroName»_ID,
		         .ipv4 = NODE_«node.macroName»_IPV4,
		         .port = NODE_«node.macroName»_PORT,
		         .mac = NODE_«node.macroName»_MAC,
		         .initial_role = «IF node.learner»RAFT_INITIAL_LEARNER«ELSE»RAFT_INITIAL_VOTER«ENDIF»}, /* «node.name» */
		        «ENDFOR»
		    },
		};
		'''
	}
}
