package org.raftforge.generator.templates

import java.util.List
import org.raftforge.generator.plan.VariantPlan
import org.raftforge.generator.plan.WorkloadStep
import org.raftforge.generator.targets.TargetSupport

import static org.raftforge.generator.templates.CText.*

/** README.md of a variant's output: what is here, the node table, the sizes and how to build and run it. */
class ReadmeTemplate {

	public static val PATH = "README.md"

	def CharSequence content(VariantPlan plan, List<TargetSupport> targets, boolean withSvg) {
		val c = plan.capacities
		val t = plan.timing
		val voters = plan.nodes.filter[!learner].size
		'''
		# «plan.clusterName» / «plan.variantName»

		«generatedFrom(plan)»

		Cluster **«plan.clusterName»**, variant **«plan.variantName»**: «plan.nodeCount» nodes («voters» voters«IF voters < plan.nodeCount», «plan.nodeCount - voters» learners«ENDIF»),
		«plan.storage.kind.word» storage `«plan.storage.modelName»`, «plan.transport.kind.word» transport `«plan.transport.modelName»`,
		«plan.modelTarget.word» target `«plan.targetName»`«IF plan.board !== null» («plan.board.machine», «plan.board.cpu», «size(plan.board.flashBytes)» flash, «size(plan.board.ramBytes)» RAM)«ENDIF».
		This folder builds on its own: the C runtime is copied into `runtime/`.

		## Files

		| file | what |
		|---|---|
		| `cluster_config.h` | the runtime's capacities (macros) and the node table's names |
		| `cluster_config.c` | node table, timing and options: `const struct raft_cluster_config raft_cluster` |
		| `main.c` | the native program: this variant's storage, transport and the POSIX platform, wired statically |
		| `Makefile` | «FOR target : targets SEPARATOR ", "»`make «target.name»`«ENDFOR», `make clean` |
		| `launch.json` | the launch description `./raftforge launch` reads (RaftForge's docs/launch-description.md) |
		| `run-native.sh` | starts the cluster on this host by hand |
		| `topology.dot`«IF withSvg», `topology.svg`«ENDIF» | the nodes and how they talk (Graphviz«IF !withSvg»; `dot -Tsvg topology.dot -o topology.svg` draws it«ENDIF») |
		| `runtime/` | the C runtime the build compiles (only this variant's backends) |

		## Nodes

		| id | name | role | model address | MAC |
		|---|---|---|---|---|
		«FOR node : plan.nodes»
		| «Integer.toUnsignedString(node.id)» | «node.name» | «node.role» | «node.address»:«node.port» | «node.mac»«IF node.macGenerated» (generated)«ENDIF» |
		«ENDFOR»

		## Timing

		Election timeout «t.electionTimeoutMinMs»..«t.electionTimeoutMaxMs» ms, heartbeat «t.heartbeatMs» ms, «IF t.leaseMs > 0»leader lease «t.leaseMs» ms«ELSE»no lease (reads by ReadIndex)«ENDIF»,
		pre-vote «IF t.preVote»on«ELSE»off«ENDIF», check-quorum «IF t.checkQuorum»on«ELSE»off«ENDIF», a snapshot every «t.snapshotThreshold» applied entries, requests time
		out after «t.requestTimeoutMs» ms, log level «t.logLevel.word» («IF t.logLevel.writesEvents»replies and event lines«ELSE»replies only: poll `status`«ENDIF»).

		## Sizes (`cluster_config.h`)

		| macro | value | from |
		|---|---|---|
		| `RAFT_MAX_NODES` | «c.maxNodes» | the node table |
		| `RAFT_LOG_CAPACITY` | «c.logCapacity» | max-log-entries |
		| `RAFT_MAX_ENTRY_SIZE` | «c.maxEntrySize» | max-entry-size |
		| `RAFT_MAX_FRAME_SIZE` | «c.maxFrameSize» | «c.frameReason» |
		| `RAFT_LOG_ARENA_SIZE` | «c.logArenaSize» | a quarter of the log's worst case |
		| `RAFT_MAX_BATCH` | «c.maxBatch» | entries per frame |
		| `RAFT_SNAPSHOT_CHUNK` | «c.snapshotChunk» | a frame less its header |
		| `RAFT_KV_MAX_KEYS` / `_KEY_LEN` / `_VALUE_LEN` | «c.kvMaxKeys» / «c.kvMaxKeyLen» / «c.kvMaxValueLen» | max-entry-size less 31 B of command header |
		| `RAFT_MAX_SESSIONS` / `RAFT_MAX_PENDING` | «c.maxSessions» / «c.maxPending» | runtime defaults |
		«IF plan.transport.isChannel»
		| `RAFT_CHANNEL_RING_BYTES` | «c.channelRingMessages» frames per node | capacity «plan.transport.capacity» / «plan.nodeCount» nodes |
		«ENDIF»

		RAM of one node as the model's validation estimates it: «plan.memoryEstimate.breakdown» = «plan.memoryEstimate.total» B.

		«FOR target : targets»
		«target.readmeSection(plan)»

		«ENDFOR»
		## Workload

		«IF plan.workload.empty»
		The model has no workload.
		«ELSE»
		What `./raftforge launch` runs once a leader is elected:

		```
		«FOR step : plan.workload»
		«describe(step)»
		«ENDFOR»
		```
		«ENDIF»
		'''
	}

	def static String describe(WorkloadStep step) {
		switch (step.op) {
			case PUT: '''put "«step.key»" "«step.value»"'''
			case DELETE: '''delete "«step.key»"'''
			case GET: '''get "«step.key»"«IF step.expected !== null» expect "«step.expected»"«ELSEIF step.expectAbsent» expect absent«ENDIF»'''
		}
	}
}
