package org.raftforge.generator.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.raftforge.dsl.raft.Cluster;
import org.raftforge.dsl.sizing.ResourceEstimator;
import org.raftforge.generator.ClusterGenerator;
import org.raftforge.generator.GenerationReport;
import org.raftforge.generator.plan.VariantPlan;

/**
 * The DSL's ResourceEstimator and the generator agree with the C runtime: a tiny C program is compiled against each
 * generated configuration and prints the runtime's own worst-case overheads and the sizes it derives itself (with
 * the generator's explicit RAFT_MAX_BATCH, RAFT_SNAPSHOT_CHUNK taken out), which must equal the estimator's and the
 * plan's numbers.
 */
class RuntimeSizesAgreeTest {

	private static final String PROBE = """
			/* prints what the runtime derives from this configuration */
			#include <stdio.h>
			#include "raft/raft_codec.h"
			#include "raft/raft_control.h"
			#include "raft/raft_kv.h"
			#include "raft/raft_transport.h"

			int main(void)
			{
			    printf("message_header %lu\\n", (unsigned long)(RAFT_MESSAGE_HEADER_MAX));
			    printf("entry_overhead %lu\\n", (unsigned long)(RAFT_ENTRY_OVERHEAD_MAX));
			    printf("frame_overhead %lu\\n", (unsigned long)(RAFT_FRAME_OVERHEAD_MAX));
			    printf("command_overhead %lu\\n",
			           (unsigned long)(RAFT_KV_COMMAND_MAX - RAFT_KV_MAX_KEY_LEN - RAFT_KV_MAX_VALUE_LEN));
			    printf("control_line_max %lu\\n", (unsigned long)(RAFT_CONTROL_LINE_MAX));
			    printf("max_batch %lu\\n", (unsigned long)(RAFT_MAX_BATCH));
			    printf("snapshot_chunk %lu\\n", (unsigned long)(RAFT_SNAPSHOT_CHUNK));
			    printf("channel_ring %lu\\n", (unsigned long)(RAFT_CHANNEL_RING_BYTES));
			    printf("channel_message_overhead %lu\\n", (unsigned long)(RAFT_CHANNEL_MSG_OVERHEAD));
			    return 0;
			}
			""";

	/** The generated configuration without the sizes the runtime can derive itself. */
	private static final String DERIVING_CONFIG = """
			#include "cluster_config.h"
			#undef RAFT_MAX_BATCH
			#undef RAFT_SNAPSHOT_CHUNK
			""";

	static Stream<Path> models() throws Exception {
		return Stream.concat(TestModels.goldenModels().stream(),
				Stream.of(TestPaths.examples().resolve("metal/metal.raft")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("models")
	void theRuntimeDerivesWhatTheGeneratorEmits(Path model) throws Exception {
		Cluster cluster = TestModels.load(model);
		Path out = TestPaths.freshWorkDirectory("sizes-" + cluster.getName());
		ClusterGenerator generator = new ClusterGenerator();
		GenerationReport report = generator.generate(cluster, model, out, List.of());
		List<VariantPlan> plans = generator.plan(cluster, model.getFileName().toString(), List.of());
		for (int i = 0; i < plans.size(); i++) {
			VariantPlan plan = plans.get(i);
			Path directory = report.variants().get(i).directory();
			Map<String, Long> c = probe(directory);
			String where = plan.qualifiedName() + ": ";
			assertEquals(ResourceEstimator.messageHeaderBytes(plan.nodeCount()), c.get("message_header"), where);
			assertEquals(ResourceEstimator.ENTRY_WIRE_OVERHEAD_BYTES, c.get("entry_overhead"), where);
			assertTrue(ResourceEstimator.FRAME_OVERHEAD_BYTES >= c.get("frame_overhead"), where);
			assertEquals(ResourceEstimator.COMMAND_OVERHEAD_BYTES, c.get("command_overhead"), where);
			assertEquals(plan.capacities().controlLineMax(), c.get("control_line_max"), where);
			assertEquals(plan.capacities().maxBatch(), c.get("max_batch"), where + "RAFT_MAX_BATCH");
			assertEquals(plan.capacities().snapshotChunk(), c.get("snapshot_chunk"), where + "RAFT_SNAPSHOT_CHUNK");
			assertEquals(ResourceEstimator.CHANNEL_MESSAGE_OVERHEAD_BYTES, c.get("channel_message_overhead"), where);
			if (plan.transport().isChannel()) {
				assertEquals(ResourceEstimator.channelRingBytes(plan.capacities().channelRingMessages(),
						plan.capacities().maxFrameSize()), c.get("channel_ring"), where + "RAFT_CHANNEL_RING_BYTES");
			}
		}
	}

	private static Map<String, Long> probe(Path variant) throws Exception {
		Files.writeString(variant.resolve("probe.c"), PROBE);
		Files.writeString(variant.resolve("probe_config.h"), DERIVING_CONFIG);
		Make.Result compile = Make.run(variant, 120, List.of("gcc", "-std=c11", "-Wall", "-Wextra", "-Werror",
				"-DRAFT_CONFIG_FILE=\"probe_config.h\"", "-I.", "-Iruntime/include", "probe.c", "-o", "probe"));
		assertEquals(0, compile.exitCode(), compile.output());
		Make.Result run = Make.run(variant, 30, List.of("./probe"));
		assertEquals(0, run.exitCode(), run.output());
		Map<String, Long> values = new HashMap<>();
		for (String line : run.output().split("\n")) {
			String[] parts = line.trim().split(" ");
			if (parts.length == 2) {
				values.put(parts[0], Long.parseLong(parts[1]));
			}
		}
		return values;
	}
}
