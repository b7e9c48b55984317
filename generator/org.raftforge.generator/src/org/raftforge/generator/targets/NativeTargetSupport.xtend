package org.raftforge.generator.targets

import java.util.List
import org.raftforge.generator.json.Json
import org.raftforge.generator.output.GeneratedFile
import org.raftforge.generator.plan.StoragePlan
import org.raftforge.generator.plan.VariantPlan
import org.raftforge.generator.templates.MakefileTemplate

import static org.raftforge.generator.templates.CText.*

/**
 * The host target: every variant runs natively, QEMU ones included (the host stands in for the board: semihosting
 * files become host files with the same names, UDP runs on loopback with the model's ports, a channel variant runs
 * all nodes in one process). Contributes main.c (POSIX platform wiring), run-native.sh, the `native` make target,
 * launch.json's targets.native and the README's native section.
 */
class NativeTargetSupport implements TargetSupport {

	public static val MAIN = "main.c"
	public static val SCRIPT = "run-native.sh"
	/** The node program, relative to the variant directory. */
	public static val PROGRAM = "build/native/node"

	override name() { "native" }

	override launchTarget() { "native" }

	override supports(VariantPlan plan) { true }

	override runtimeFolders(VariantPlan plan) {
		#["include/", "src/", "ports/posix/"]
	}

	override files(VariantPlan plan) {
		#[
			GeneratedFile.text(MAIN, if (plan.allNodesInOneProcess) new NativeImageMain().content(plan)
				else new NativeNodeMain().content(plan)),
			GeneratedFile.script(SCRIPT, new RunNativeScript().content(plan))
		]
	}

	override makeUsage(VariantPlan plan) {
		'''the host program «PROGRAM» (gcc, C11, -Werror)'''
	}

	override makeRules(VariantPlan plan) '''
		# ---- native: the host node program (POSIX platform: control lines on stdin/stdout, poll() loop) ----
		NATIVE_CC ?= gcc
		NATIVE_CFLAGS ?= -O2 -g
		# The runtime's host choices: CRC-32C by slicing-by-8 (8 KB of tables instead of the
		# board's 64 B), and a 16 KiB write buffer in the file storage (one write per batch).
		NATIVE_RUNTIME_FLAGS := -DRAFT_CRC32C_SLICE_BY_8 -DRAFT_FILE_WRITE_BUFFER=16384
		NATIVE_PORT_SRCS :=«MakefileTemplate.sourceList(portSources(plan))»
		NATIVE_SRCS := $(RUNTIME_CORE_SRCS) $(STORAGE_SRCS) $(TRANSPORT_SRCS) $(NATIVE_PORT_SRCS) $(CLUSTER_SRCS) «MAIN»
		NATIVE_OBJS := $(patsubst %.c,$(BUILD)/native/%.o,$(NATIVE_SRCS))
		NATIVE_PROGRAM := $(BUILD)/native/node

		native: $(NATIVE_PROGRAM)

		$(NATIVE_PROGRAM): $(NATIVE_OBJS)
			$(NATIVE_CC) $(NATIVE_CFLAGS) $(NATIVE_OBJS) -o $@

		$(BUILD)/native/%.o: %.c
			@mkdir -p $(@D)
			$(NATIVE_CC) $(WARNING_FLAGS) $(NATIVE_CFLAGS) $(NATIVE_RUNTIME_FLAGS) $(CONFIG_FLAGS) -I$(RUNTIME)/ports/posix -MMD -MP -c $< -o $@

		-include $(NATIVE_OBJS:.o=.d)
	'''

	/** The POSIX port's sources this variant needs: the node platform, files for durable storage, sockets for UDP. */
	def static List<String> portSources(VariantPlan plan) {
		val sources = newArrayList("ports/posix/raft_posix_node.c")
		if (plan.storage.durable) {
			sources += "ports/posix/raft_posix_files.c"
		}
		if (plan.transport.isUdp) {
			sources += "ports/posix/raft_udp_posix.c"
		}
		return sources
	}

	override launchSection(VariantPlan plan) {
		val processes = Json.arr
		if (plan.allNodesInOneProcess) {
			processes.add(Json.obj.put("name", plan.clusterName).put("argv", Json.arr("${out}/" + PROGRAM))
				.put("cwd", "${run}").put("nodes", Json.arrOf(plan.nodes.map[id])))
		} else {
			for (node : plan.nodes) {
				processes.add(Json.obj.put("name", node.name)
					.put("argv", Json.arr("${out}/" + PROGRAM, "--node", Integer.toUnsignedString(node.id)))
					.put("cwd", "${run}").put("nodes", Json.arr(node.id)))
			}
		}
		val endpoints = Json.arr
		if (plan.transport.isUdp) {
			for (node : plan.nodes) {
				endpoints.add(Json.obj.put("id", node.id).put("address", node.nativeAddress.toString)
					.put("port", node.port))
			}
		}
		return Json.obj
			.put("build", Json.obj.put("command", Json.arr("make", "native")).put("cwd", "${out}")
				.put("artifacts", Json.arr("${out}/" + PROGRAM)))
			.put("control", Json.obj.put("kind", "stdio").put("node_prefix", plan.allNodesInOneProcess))
			.put("processes", processes)
			.put("endpoints", endpoints)
	}

	override readmeSection(VariantPlan plan) '''
		## Native (this host)

		```
		make -j2 native          # builds «PROGRAM» from runtime/ (gcc, C11, -Werror)
		./«SCRIPT»          # starts the cluster by hand; type requests, Ctrl-D stops it
		```

		«IF plan.allNodesInOneProcess»
		All «plan.nodeCount» nodes run in one process (the «plan.transport.kind.word» transport «plan.transport.modelName» is in-process):
		`«PROGRAM»` (no arguments), started in the run directory. Every request and every
		reply or event line carries the node's `@<id> ` prefix.
		«ELSE»
		One process per node: `«PROGRAM» --node ID`, started in the run directory; each node
		binds its UDP port on loopback:

		| node | id | binds |
		|---|---|---|
		«FOR node : plan.nodes»
		| «node.name» | «Integer.toUnsignedString(node.id)» | «node.nativeAddress»:«node.port» |
		«ENDFOR»
		«ENDIF»

		Storage: «storageSentence(plan)»

		A node reads control-protocol requests on stdin and writes replies and events on
		stdout (runtime/docs/control-protocol.md); diagnostics go to stderr. It stops cleanly on
		`shutdown`, SIGTERM, SIGINT or end of input. Exit status: 0 clean stop, 1 fatal error
		(an `event fatal` line says which), 2 usage, 3 port or storage directory unavailable.
		`./raftforge launch` drives the same program from `launch.json`.
	'''

	def static String storageSentence(VariantPlan plan) {
		switch (plan.storage.kind) {
			case StoragePlan.Kind.MEMORY: '''in memory («plan.storage.modelName»): a node forgets everything when its process ends.'''
			case StoragePlan.Kind.FILE: '''files `raft_node_<id>_*.bin` in `«plan.storage.directory»` under the run directory («plan.storage.modelName»).'''
			case StoragePlan.Kind.SEMIHOSTING: '''host files `raft_node_<id>_*.bin` in `«plan.storage.directory»` under the run directory: the same files the QEMU board keeps through semihosting («plan.storage.modelName»).'''
		}
	}
}
