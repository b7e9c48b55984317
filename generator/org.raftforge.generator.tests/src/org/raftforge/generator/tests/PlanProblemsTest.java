package org.raftforge.generator.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.raftforge.dsl.raft.Cluster;
import org.raftforge.generator.ClusterGenerator;
import org.raftforge.generator.PlanProblemsException;
import org.raftforge.generator.ProblemLocation;
import org.raftforge.generator.plan.VariantPlan;

/**
 * Models that validate but that the runtime or the target cannot build are refused by the generator with a located
 * message that says what to change, and nothing is written. Also: the planned numbers for the seed model.
 */
class PlanProblemsTest {

	private static final String TINY = "tiny.raft";

	@Test
	void aLeaseLongerThanTheRuntimeAllowsIsLocatedAtTheLeaseLine() throws Exception {
		String text = tiny().replace("election-timeout 150ms .. 300ms", "election-timeout 300ms .. 600ms")
				.replace("lease 100ms", "lease 280ms");
		PlanProblemsException e = problems(text, "files");
		String line = ProblemLocation.format(TINY, e.problems().get(0));
		assertEquals(TINY + ":" + lineOf(text, "lease 280ms") + ":11: error: lease 280ms is more than the runtime "
				+ "allows for a minimum election timeout of 300ms: at most 7/8 of it (263ms), which tolerates 12.5 % "
				+ "clock drift; lower lease to at most 263ms [generator]", line);
	}

	@Test
	void anEntryTooLargeForOneLwipDatagramIsLocatedAtTheReceiveBuffer() throws Exception {
		String text = Files.readString(TestPaths.goldenModels().resolve("board.raft"))
				.replace("max-entry-size 64 B", "max-entry-size 2000 B").replace("max-log-entries 64", "max-log-entries 16")
				.replace("snapshot-threshold 32 entries", "snapshot-threshold 8 entries")
				.replace("receive-buffer 2 KiB", "receive-buffer 8 KiB").replace("budget 128 KiB", "budget 512 KiB");
		Path models = TestPaths.freshWorkDirectory("plan-problems-board");
		Cluster cluster = TestModels.loadText(models, "board.raft", text);
		PlanProblemsException e = assertThrows(PlanProblemsException.class,
				() -> new ClusterGenerator().plan(cluster, "board.raft", List.of("lan_disk")));
		String line = ProblemLocation.format("board.raft", e.problems().get(0));
		// 4 nodes: frame 16 + header 64 + 4 x 4 + entry 10 + 2000 = 2106 B
		assertTrue(line.startsWith("board.raft:" + lineOf(text, "receive-buffer 8 KiB") + ":20: error: variant "
				+ "lan_disk: lwIP on QEMU carries at most 1472 B per UDP datagram (no IP fragmentation), but the "
				+ "largest message these settings allow is 2106 B"), line);
		assertTrue(line.contains("lower max-entry-size to at most 1366 B"), line);
	}

	@Test
	void nothingIsWrittenWhenAVariantHasAProblem() throws Exception {
		String text = tiny().replace("lease 100ms", "lease 140ms");
		Path out = TestPaths.freshWorkDirectory("plan-problems-out");
		Path models = TestPaths.freshWorkDirectory("plan-problems-model");
		Cluster cluster = TestModels.loadText(models, TINY, text);
		assertThrows(PlanProblemsException.class,
				() -> new ClusterGenerator().generate(cluster, models.resolve(TINY), out, List.of()));
		try (var files = Files.list(out)) {
			assertEquals(0, files.count());
		}
	}

	@Test
	void theSeedModelsNumbers() throws Exception {
		Path model = TestPaths.examples().resolve("metal/metal.raft");
		List<VariantPlan> plans = new ClusterGenerator().plan(TestModels.load(model), "metal.raft", List.of());
		VariantPlan udp = plans.stream().filter(p -> p.variantName().equals("semihosting_udp")).findFirst().get();
		// 5 nodes: header 64 + 4 x 5 = 84; lwIP frame 1472; (1472 - 16 - 84) / (128 + 10) = 9 entries
		assertEquals(1472, udp.capacities().maxFrameSize());
		assertEquals(9, udp.capacities().maxBatch());
		assertEquals(1472 - 16 - 84, udp.capacities().snapshotChunk());
		assertEquals(256 * 128 / 4, udp.capacities().logArenaSize());
		assertEquals(24, udp.capacities().kvMaxKeyLen());
		assertEquals(128 - 31 - 24, udp.capacities().kvMaxValueLen());
		assertEquals(2400, udp.timing().requestTimeoutMs());
		VariantPlan channel = plans.stream().filter(p -> p.variantName().equals("memory_channel")).findFirst().get();
		// capacity 32 for 5 nodes: 7 frames per ring
		assertEquals(7, channel.capacities().channelRingMessages());
		assertTrue(channel.allNodesInOneProcess());
		assertEquals("127.0.0.1", udp.nodes().get(4).nativeAddress().toString());
	}

	@Test
	void sharedPortsGetOneLoopbackAddressEach() throws Exception {
		Path model = TestPaths.goldenModels().resolve("board.raft");
		VariantPlan plan = new ClusterGenerator().plan(TestModels.load(model), "board.raft", List.of("lan_disk")).get(0);
		assertEquals(List.of("127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4"),
				plan.nodes().stream().map(node -> node.nativeAddress().toString()).toList());
		assertEquals(List.of(6, 7, 8, 9), plan.nodes().stream().map(node -> node.id()).toList());
		assertEquals("02:00:00:00:01:07", plan.nodes().get(1).mac().text());
		assertEquals("02:00:00:00:00:06", plan.nodes().get(0).mac().text());
	}

	private static PlanProblemsException problems(String text, String variant) throws Exception {
		Path models = TestPaths.freshWorkDirectory("plan-problems");
		Cluster cluster = TestModels.loadText(models, TINY, text);
		return assertThrows(PlanProblemsException.class,
				() -> new ClusterGenerator().plan(cluster, TINY, List.of(variant)));
	}

	private static String tiny() throws Exception {
		return Files.readString(TestPaths.goldenModels().resolve(TINY));
	}

	private static int lineOf(String text, String fragment) {
		int offset = text.indexOf(fragment);
		return (int) text.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
	}
}
