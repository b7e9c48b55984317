package org.raftforge.generator.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.RandomAccessFile;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.raftforge.dsl.raft.Cluster;
import org.raftforge.generator.ClusterGenerator;
import org.raftforge.generator.GenerationReport;

/**
 * A generated native cluster really runs: the node programs of golden/models/tiny.raft are started from their
 * launch.json and driven over their control channels (stdin/stdout lines). A put sent to a follower is answered
 * `ok` only after commit, a get from another node reads it back, the state survives a clean restart from the node
 * files, and the node program reports bad input and a busy port clearly. UDP on loopback, ports 47301..47303.
 */
class NativeClusterRunTest {

	private static final long REPLY_MS = 10_000;
	private static Path files;
	private static Path rings;

	@BeforeAll
	static void generateAndBuild() throws Exception {
		Path model = TestPaths.goldenModels().resolve("tiny.raft");
		Cluster cluster = TestModels.load(model);
		Path out = TestPaths.freshWorkDirectory("run-tiny");
		GenerationReport report = new ClusterGenerator().generate(cluster, model, out, List.of());
		for (GenerationReport.Variant variant : report.variants()) {
			Make.Result make = Make.native_(variant.directory());
			assertEquals(0, make.exitCode(), make.output());
		}
		files = out.resolve("tiny/files");
		rings = out.resolve("tiny/rings_in_ram");
	}

	@Test
	void udpClusterCommitsReadsBackAndRestartsFromItsFiles() throws Exception {
		Path run = TestPaths.freshWorkDirectory("run-tiny-files");
		Launch launch = new Launch(files, run);
		assertEquals(3, launch.processes.size());
		List<NodeProcess> nodes = launch.start();
		try {
			long start = System.nanoTime();
			NodeProcess leader = awaitLeader(nodes, leaderWait(launch));
			System.out.printf(Locale.ROOT, "tiny/files: leader %s after %.0f ms%n", leader.name(),
					(System.nanoTime() - start) / 1e6);
			NodeProcess follower = nodes.stream().filter(n -> n != leader).findFirst().get();
			NodeProcess third = nodes.stream().filter(n -> n != leader && n != follower).findFirst().get();

			follower.send("w1 put 1 1 color blue");
			assertEquals("w1 ok", follower.reply("w1", REPLY_MS), follower.transcript());
			third.send("r1 get 1 2 color");
			assertEquals("r1 value blue", third.reply("r1", REPLY_MS), third.transcript());
			leader.send("w2 put 1 3 shape circle%20with%20space");
			assertEquals("w2 ok", leader.reply("w2", REPLY_MS), leader.transcript());
			follower.send("d1 del 1 4 nothing-here");
			assertEquals("d1 not-found", follower.reply("d1", REPLY_MS), follower.transcript());

			stopAll(nodes);
		} finally {
			nodes.forEach(NodeProcess::close);
		}
		for (var node : launch.nodes()) {
			Path directory = run.resolve(launch.storageDirectory());
			@SuppressWarnings("unchecked")
			List<Object> storageFiles = (List<Object>) node.get("storage_files");
			assertTrue(Files.isRegularFile(directory.resolve((String) storageFiles.get(0))), "metadata file");
			assertTrue(Files.isRegularFile(directory.resolve((String) storageFiles.get(1))), "log file");
		}

		List<NodeProcess> again = launch.start();
		try {
			NodeProcess leader = awaitLeader(again, leaderWait(launch));
			leader.send("r2 get 2 1 color");
			assertEquals("r2 value blue", leader.reply("r2", REPLY_MS), leader.transcript());
			leader.send("r3 get 2 2 shape");
			assertEquals("r3 value circle%20with%20space", leader.reply("r3", REPLY_MS), leader.transcript());
			// end of input stops a node cleanly (a launcher that dies takes its nodes with it)
			for (NodeProcess node : again) {
				node.closeInput();
			}
			for (NodeProcess node : again) {
				assertEquals(0, node.waitFor(REPLY_MS), node.transcript());
			}
		} finally {
			again.forEach(NodeProcess::close);
		}
	}

	@Test
	void channelVariantRunsEveryNodeInOneProcessWithPrefixedLines() throws Exception {
		Path run = TestPaths.freshWorkDirectory("run-tiny-rings");
		Launch launch = new Launch(rings, run);
		assertEquals(1, launch.processes.size());
		assertTrue(launch.nodePrefix);
		assertEquals(List.of(1, 2, 3), launch.processes.get(0).nodes());
		try (NodeProcess image = launch.start(launch.processes.get(0))) {
			int leader = awaitPrefixedLeader(image, launch.processes.get(0).nodes(), leaderWait(launch));
			int follower = leader == 1 ? 2 : 1;
			image.send("@" + follower + " w1 put 7 1 k v");
			assertEquals("@" + follower + " w1 ok", image.reply("w1", REPLY_MS), image.transcript());
			image.send("@3 r1 get 7 2 k");
			assertEquals("@3 r1 value v", image.reply("r1", REPLY_MS), image.transcript());
			image.send("no prefix");
			assertNotNull(image.await(line -> line.equals("- err bad-request missing-node-prefix"), REPLY_MS),
					image.transcript());
			for (int id : launch.processes.get(0).nodes()) {
				image.send("@" + id + " q" + id + " shutdown");
				assertEquals("@" + id + " q" + id + " ok", image.reply("q" + id, REPLY_MS), image.transcript());
			}
			assertEquals(0, image.waitFor(REPLY_MS), image.transcript());
		}
	}

	@Test
	void theNodeProgramReportsBadInputAndABusyPort() throws Exception {
		Path run = TestPaths.freshWorkDirectory("run-tiny-errors");
		Launch launch = new Launch(files, run);
		Launch.ProcessSpec first = launch.processes.get(0);
		List<String> program = List.of(first.argv().get(0));

		try (NodeProcess noArguments = new NodeProcess("no-arguments", program, run)) {
			assertEquals(2, noArguments.waitFor(REPLY_MS));
			assertTrue(noArguments.stderr().contains("usage: node --node ID"), noArguments.stderr());
		}
		try (NodeProcess unknown = new NodeProcess("unknown", List.of(program.get(0), "--node", "99"), run)) {
			assertEquals(2, unknown.waitFor(REPLY_MS));
			assertTrue(unknown.stderr().contains("no node has that id"), unknown.stderr());
		}
		try (DatagramSocket squatter = new DatagramSocket(
				new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 47301));
				NodeProcess busy = launch.start(first)) {
			assertEquals(3, busy.waitFor(REPLY_MS), busy.transcript());
			assertTrue(busy.stderr().contains("cannot bind udp 127.0.0.1:47301") && busy.stderr().contains("port"),
					busy.stderr());
			assertTrue(squatter.isBound());
		}
		try (NodeProcess node = launch.start(first)) {
			node.send("x".repeat(5000));
			assertNotNull(node.await(line -> line.startsWith("- err bad-request line-too-long"), REPLY_MS),
					node.transcript());
			node.send("s1 status");
			String status = node.reply("s1", REPLY_MS);
			assertTrue(status != null && status.startsWith("s1 status id=1 "), node.transcript());
			node.send("oops");
			assertEquals("oops err bad-request missing-argument col=5", node.reply("oops", REPLY_MS));
			// SIGTERM: a clean stop
			ProcessHandle.of(node.pid()).ifPresent(ProcessHandle::destroy);
			assertEquals(0, node.waitFor(REPLY_MS), node.transcript());
		}
	}

	@Test
	void aDamagedLogFileStopsTheNodeWithTheFileAndByte() throws Exception {
		Path run = TestPaths.freshWorkDirectory("run-tiny-corrupt");
		Launch launch = new Launch(files, run);
		List<NodeProcess> nodes = launch.start();
		try {
			NodeProcess leader = awaitLeader(nodes, leaderWait(launch));
			for (int i = 1; i <= 5; i++) {
				leader.send("w" + i + " put 3 " + i + " key" + i + " value" + i);
				assertEquals("w" + i + " ok", leader.reply("w" + i, REPLY_MS), leader.transcript());
			}
			stopAll(nodes);
		} finally {
			nodes.forEach(NodeProcess::close);
		}
		Path log = run.resolve(launch.storageDirectory()).resolve("raft_node_1_log.bin");
		// the file storage preallocates the log: zeros follow the last record, and a flip there is free room
		byte[] bytes = Files.readAllBytes(log);
		int recordsEnd = bytes.length;
		while (recordsEnd > 0 && bytes[recordsEnd - 1] == 0) {
			recordsEnd--;
		}
		assertTrue(recordsEnd > 64, "log of node 1 has " + recordsEnd + " B of records");
		try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "rw")) {
			long middle = recordsEnd / 3;
			file.seek(middle);
			int b = file.read();
			file.seek(middle);
			file.write(b ^ 0x5a);
		}
		try (NodeProcess damaged = launch.start(launch.processes.get(0))) {
			assertNotNull(damaged.await(line -> line.startsWith("event fatal storage-load"), REPLY_MS),
					damaged.transcript());
			assertEquals(1, damaged.waitFor(REPLY_MS), damaged.transcript());
			assertTrue(damaged.stderr().contains("raft_node_1_log.bin at byte"), damaged.stderr());
		}
	}

	// ------------------------------------------------------------------ helpers

	/** launch.json's bound, with room for a machine busy with other builds (the doc allows waiting longer). */
	static long leaderWait(Launch launch) {
		return 4 * launch.timing("leader_wait_ms");
	}

	/** Polls `status` on every node until one says it leads. */
	static NodeProcess awaitLeader(List<NodeProcess> nodes, long timeoutMs) throws Exception {
		long deadline = System.currentTimeMillis() + timeoutMs;
		int round = 0;
		while (System.currentTimeMillis() < deadline) {
			round++;
			for (NodeProcess node : nodes) {
				node.send("s" + round + " status");
			}
			for (NodeProcess node : nodes) {
				String status = node.reply("s" + round, 2_000);
				if (status != null && status.contains(" role=leader ")) {
					return node;
				}
			}
			Thread.sleep(50);
		}
		fail("no leader within " + timeoutMs + " ms:\n"
				+ nodes.stream().map(NodeProcess::transcript).collect(Collectors.joining("\n")));
		return null;
	}

	static int awaitPrefixedLeader(NodeProcess image, List<Integer> ids, long timeoutMs) throws Exception {
		long deadline = System.currentTimeMillis() + timeoutMs;
		int round = 0;
		while (System.currentTimeMillis() < deadline) {
			round++;
			for (int id : ids) {
				image.send("@" + id + " s" + round + "n" + id + " status");
			}
			for (int id : ids) {
				String status = image.reply("s" + round + "n" + id, 2_000);
				if (status != null && status.contains(" role=leader ")) {
					return id;
				}
			}
			Thread.sleep(50);
		}
		fail("no leader within " + timeoutMs + " ms:\n" + image.transcript());
		return 0;
	}

	static void stopAll(List<NodeProcess> nodes) throws Exception {
		List<String> problems = new ArrayList<>();
		for (NodeProcess node : nodes) {
			node.send("q shutdown");
		}
		for (NodeProcess node : nodes) {
			if (!"q ok".equals(node.reply("q", REPLY_MS))) {
				problems.add(node.name() + ": no `q ok`");
			}
			int exit = node.waitFor(REPLY_MS);
			if (exit != 0) {
				problems.add(node.name() + ": exit " + exit + "\n" + node.transcript());
			}
		}
		assertTrue(problems.isEmpty(), String.join("\n", problems));
	}
}
