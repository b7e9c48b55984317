package org.raftforge.cli.launch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raftforge.cli.ExitCodes;
import org.raftforge.cli.CliRun;

/**
 * {@code raftforge launch} for real: generated, built with make and gcc, one node process per node on loopback UDP
 * (or one process for a channel variant), the model's workload through the control protocol, the history checked by
 * the runtime's checker. No timing is asserted; the figures are printed.
 */
class LaunchEndToEndTest {

	@TempDir
	static Path out;

	@TempDir
	Path models;

	private static CliRun raftforge(String... args) {
		return CliRun.echoed(args);
	}

	private static long count(String text, String part) {
		return text.lines().filter(line -> line.contains(part)).count();
	}

	@Test
	void threeVotersAndALearnerRunTheirWorkload() throws IOException {
		Path model = Models.withFreePorts("trio/trio.raft", 7101, 4, models);
		CliRun run = raftforge("launch", model.toString(), "-o", out.toString());
		assertEquals(ExitCodes.OK, run.exitCode(), run.err());
		CliRun.assertContains(run.out(), "trio/durable on native: 4 nodes (3 voters, 1 learner), udp transport, file storage");
		CliRun.assertContains(run.out(), "started 4 processes");
		assertTrue(Pattern.compile("leader: (alpha|beta|gamma) \\(term \\d+\\), [0-9.]+ s after the command")
				.matcher(run.out()).find(), run.out());
		CliRun.assertContains(run.out(), "put \"alpha\" = \"first\": acknowledged after commit");
		CliRun.assertContains(run.out(), "get \"alpha\": absent (as expected)");
		CliRun.assertContains(run.out(), "get \"beta\": \"second\" (as expected)");
		CliRun.assertContains(run.out(), "shutdown: 4 of 4 processes stopped cleanly");
		CliRun.assertContains(run.out(), "history: 6 operations; linearizable");
		assertTrue(run.out().endsWith("OK: 3/3 writes acknowledged after commit, 3/3 reads as expected\n"), run.out());
		assertEquals("", run.err());
		// a clean run leaves no run directory behind
		Matcher runDir = Pattern.compile("; run directory (\\S+)\n").matcher(run.out());
		assertTrue(runDir.find(), run.out());
		assertFalse(Files.exists(Path.of(runDir.group(1))), runDir.group(1));
	}

	@Test
	void theFiveNodeSeedOnTheHost() throws IOException {
		Path model = Models.withFreePorts("metal/metal.raft", 9001, 5, models);
		CliRun run = raftforge("launch", model.toString(), "--target", "native", "-o", out.toString(), "--keep");
		assertEquals(ExitCodes.OK, run.exitCode(), run.err());
		CliRun.assertContains(run.out(), "metal/semihosting_udp on native: 5 nodes (5 voters), udp transport, semihosting");
		CliRun.assertContains(run.out(), "shutdown: 5 of 5 processes stopped cleanly");
		CliRun.assertContains(run.out(), "OK: 3/3 writes acknowledged after commit, 3/3 reads as expected");
		Path runDir = keptRunDir(run.out());
		for (int node = 1; node <= 5; node++) {
			assertTrue(Files.size(runDir.resolve("raft_node_" + node + "_log.bin")) > 0, "node " + node + " log");
			assertTrue(Files.exists(runDir.resolve("logs/n" + node + ".1.control")), "transcript of n" + node);
		}
		String history = Files.readString(runDir.resolve("history.txt"), StandardCharsets.US_ASCII);
		assertEquals(6, count(history, " put ") + count(history, " get "), history);
	}

	@Test
	void aChannelVariantIsOneProcessForAllNodes() throws IOException {
		Path model = Models.withFreePorts("metal/metal.raft", 9001, 5, models);
		CliRun run = raftforge("launch", model.toString(), "--variant", "memory_channel", "--target", "native", "-o",
				out.toString());
		assertEquals(ExitCodes.OK, run.exitCode(), run.err());
		// the model's target is qemu (QemuLaunchTest runs it there); --target native: the host stands in
		CliRun.assertContains(run.out(), "metal/memory_channel on native: 5 nodes (5 voters), channel transport, memory "
				+ "storage");
		CliRun.assertContains(run.out(), "started 1 process");
		CliRun.assertContains(run.out(), "shutdown: 1 of 1 process stopped cleanly");
		CliRun.assertContains(run.out(), "OK: 3/3 writes acknowledged after commit, 3/3 reads as expected");
	}

	@Test
	void killTheLeaderMidWorkload() throws IOException {
		Path model = Models.withFreePorts("trio/trio.raft", 7101, 4, models);
		CliRun run = raftforge("launch", model.toString(), "-o", out.toString(), "--chaos", "kill-leader", "--keep");
		assertEquals(ExitCodes.OK, run.exitCode(), run.err());
		Matcher killed = Pattern.compile("chaos: kill -9 (\\w+) \\(pid \\d+\\), the leader in term (\\d+)")
				.matcher(run.out());
		assertTrue(killed.find(), run.out());
		Matcher elected = Pattern.compile("chaos: new leader (\\w+) \\(term (\\d+)\\), elected (\\d+) ms after the kill")
				.matcher(run.out());
		assertTrue(elected.find(), run.out());
		assertFalse(elected.group(1).equals(killed.group(1)), "a new leader, not the killed one");
		assertTrue(Long.parseLong(elected.group(2)) > Long.parseLong(killed.group(2)), "in a later term");
		CliRun.assertContains(run.out(), "chaos: restarted " + killed.group(1) + " from its files");
		assertTrue(Pattern.compile("chaos: " + killed.group(1) + " caught up: commit (\\d+), the leader's (\\d+)")
				.matcher(run.out()).find(), run.out());
		CliRun.assertContains(run.out(), "no acknowledged write was lost");
		CliRun.assertContains(run.out(), "shutdown: 4 of 4 processes stopped cleanly");
		CliRun.assertContains(run.out(), "OK: 3/3 writes acknowledged after commit, 5/5 reads as expected");
		// the killed node ran twice: two stderr logs
		Path logs = keptRunDir(run.out()).resolve("logs");
		assertTrue(Files.exists(logs.resolve(killed.group(1) + ".2.stderr")), "restarted " + killed.group(1));
	}

	@Test
	void aKeptRunRestartsFromItsFilesRefusesACorruptLogAndDropsATornTail() throws IOException {
		Path model = Models.withFreePorts("trio/trio.raft", 7101, 4, models);
		Path runDir = models.resolve("kept-run");
		CliRun first = raftforge("launch", model.toString(), "-o", out.toString(), "--run-dir", runDir.toString(),
				"--keep");
		assertEquals(ExitCodes.OK, first.exitCode(), first.err());

		// the same variant, with a workload that only reads what the first launch left
		String text = Files.readString(model, StandardCharsets.UTF_8);
		Path reader = models.resolve("reader/trio.raft");
		Files.createDirectories(reader.getParent());
		Files.writeString(reader, text.replaceFirst("(?s)workload \\{.*?\\}",
				"workload {\n    get \"beta\" expect \"second\"\n    get \"alpha\" expect absent\n  }"));
		CliRun second = raftforge("launch", reader.toString(), "-o", out.toString(), "--run-dir", runDir.toString());
		assertEquals(ExitCodes.OK, second.exitCode(), second.err());
		CliRun.assertContains(second.out(), "relaunch 2 of the run in " + runDir.toAbsolutePath()
				+ ": the nodes restart from their files; earlier logs in logs-launch-1/");
		CliRun.assertContains(second.out(), "get \"beta\": \"second\" (as expected)");
		CliRun.assertContains(second.out(), "history: 2 operations (after 6 of earlier launches); linearizable");
		assertTrue(Files.isDirectory(runDir.resolve("logs-launch-1")), "the first launch's logs are kept");

		// another variant's files, or a directory no launch kept, are refused before anything starts
		CliRun other = raftforge("launch", model.toString(), "--variant", "ephemeral", "-o", out.toString(),
				"--run-dir", runDir.toString());
		assertEquals(ExitCodes.USAGE, other.exitCode());
		CliRun.assertContains(other.err(), runDir.toAbsolutePath() + ": error: the run directory holds a run of "
				+ "trio/durable on native (storage file, nodes 1=alpha,2=beta,3=gamma,4=delta), not of trio/ephemeral");
		Path stranger = Files.createDirectories(models.resolve("stranger"));
		Files.writeString(stranger.resolve("notes.txt"), "mine");
		CliRun foreign = raftforge("launch", model.toString(), "-o", out.toString(), "--run-dir", stranger.toString());
		assertEquals(ExitCodes.USAGE, foreign.exitCode());
		CliRun.assertContains(foreign.err(), "is not one a launch kept (no .raftforge-run)");
		assertEquals(List.of(stranger.resolve("notes.txt")), Files.list(stranger).toList());

		// one byte flipped in the middle of beta's log: beta refuses to start, the launch says why, the file stays
		Path log = runDir.resolve("data/raft_node_2_log.bin");
		byte[] good = Files.readAllBytes(log);
		byte[] flipped = good.clone();
		int recordsEnd = recordsEnd(good); // the log is preallocated: zeros follow its records
		int middle = recordsEnd / 2;
		flipped[middle] ^= (byte) 0xFF;
		Files.write(log, flipped);
		CliRun corrupt = raftforge("launch", reader.toString(), "-o", out.toString(), "--run-dir", runDir.toString());
		assertEquals(ExitCodes.ENVIRONMENT, corrupt.exitCode(), corrupt.out() + corrupt.err());
		Matcher refused = Pattern.compile("trio/durable: error: a node could not start: beta \\(.*\\) exited with "
				+ "status \\d+: .*raft_node_2_log\\.bin at byte (\\d+): .*restore the file from a backup.*node files "
				+ "in " + Pattern.quote(runDir.resolve("data").toAbsolutePath().toString()) + ", left as they are")
				.matcher(corrupt.err());
		assertTrue(refused.find(), corrupt.err());
		assertTrue(Integer.parseInt(refused.group(1)) <= middle, "the damaged record starts at or before the flip");
		assertArrayEquals(flipped, Files.readAllBytes(log), "the corrupt file is left byte for byte");

		// a torn tail instead (the last bytes of the last record never reached the disk): dropped, the cluster has
		// every write
		byte[] torn = good.clone();
		Arrays.fill(torn, recordsEnd - 3, recordsEnd, (byte) 0);
		Files.write(log, torn);
		CliRun relaunched = raftforge("launch", reader.toString(), "-o", out.toString(), "--run-dir", runDir.toString());
		assertEquals(ExitCodes.OK, relaunched.exitCode(), relaunched.err());
		CliRun.assertContains(relaunched.out(), "shutdown: 4 of 4 processes stopped cleanly");
		CliRun.assertContains(relaunched.out(), "OK: 0/0 writes acknowledged after commit, 2/2 reads as expected");
		CliRun.assertContains(relaunched.out(), "history: 2 operations (after 8 of earlier launches); linearizable");
	}

	/** Where a log file's records end: the file storage preallocates the log, so zeros follow the last record. */
	private static int recordsEnd(byte[] log) {
		int end = log.length;
		while (end > 0 && log[end - 1] == 0) {
			end--;
		}
		assertTrue(end > 64, "the log holds records (" + end + " B before its zero tail)");
		return end;
	}

	@Test
	void chaosNeedsOneProcessPerNodeAndDurableFiles() throws IOException {
		Path model = Models.withFreePorts("metal/metal.raft", 9001, 5, models);
		CliRun channel = raftforge("launch", model.toString(), "--variant", "semihosting_channel", "--chaos",
				"kill-leader", "-o", out.toString());
		assertEquals(ExitCodes.USAGE, channel.exitCode());
		assertEquals(model + ": error: --chaos kill-leader needs one process per node, but metal/semihosting_channel "
				+ "runs its nodes in one process (a channel transport), and the control protocol offers no crash of a "
				+ "single node inside an image: choose a UDP variant\n", channel.err());
		CliRun memory = raftforge("launch", model.toString(), "--variant", "memory_udp", "--chaos", "kill-leader", "-o",
				out.toString());
		assertEquals(ExitCodes.USAGE, memory.exitCode());
		CliRun.assertContains(memory.err(), "keeps its state in memory (storage memory)");
		assertFalse(memory.out().contains("started"), "nothing started");
		CliRun unknown = raftforge("launch", model.toString(), "--chaos", "flood", "-o", out.toString());
		assertEquals(ExitCodes.USAGE, unknown.exitCode());
		assertEquals("raftforge launch: error: unknown --chaos 'flood'; this launcher knows: kill-leader, partition\n",
				unknown.err());
	}

	@Test
	void aPortInUseIsOneLineAtTheNodesDeclaration() throws IOException {
		Path model = Models.withFreePorts("trio/trio.raft", 7101, 4, models);
		String text = Files.readString(model);
		Matcher beta = Pattern.compile("node beta 127\\.0\\.0\\.1:(\\d+)").matcher(text);
		assertTrue(beta.find());
		int port = Integer.parseInt(beta.group(1));
		int line = (int) text.substring(0, beta.start()).chars().filter(c -> c == '\n').count() + 1;
		try (DatagramSocket squatter = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(),
				port))) {
			CliRun run = raftforge("launch", model.toString(), "-o", out.toString());
			assertEquals(ExitCodes.ENVIRONMENT, run.exitCode());
			List<String> lines = run.err().lines().toList();
			assertEquals(1, lines.size(), run.err());
			assertTrue(lines.get(0).startsWith(model + ":" + line + ":1: error: udp 127.0.0.1:" + port
					+ " of node beta is in use ("), lines.get(0));
			assertTrue(lines.get(0).endsWith("): stop the process that has it, or change the node's port in the model"),
					lines.get(0));
		}
	}

	@Test
	void aBrokenModelGivesLocatedErrorsAndLaunchesNothing() throws IOException {
		String trio = Files.readString(Models.EXAMPLES.resolve("trio/trio.raft"), StandardCharsets.UTF_8);
		String text = trio.replace("node beta 127.0.0.1:7102", "node beta 127.0.0.1:7101")
				.replace("default variant durable { storage hostdisk", "default variant durable { storage nowhere");
		Path model = models.resolve("broken.raft");
		Files.writeString(model, text, StandardCharsets.UTF_8);
		CliRun run = raftforge("launch", model.toString(), "-o", out.toString());
		assertEquals(ExitCodes.MODEL_ERRORS, run.exitCode());
		assertEquals(List.of(
				model + ":" + lineOf(text, "node beta") + ":23: error: node beta has the same address and port as node "
						+ "alpha on line " + lineOf(text, "node alpha") + ": use another port, e.g. 7105 "
						+ "[duplicate-endpoint]",
				model + ":" + lineOf(text, "storage nowhere") + ":37: error: unknown storage 'nowhere': declare it, or "
						+ "use one of: hostdisk, scratch [unresolved-reference]",
				model + ": note: nothing launched: fix the errors above first"), run.err().lines().toList());
		assertEquals("", run.out());
		assertFalse(Files.exists(out.resolve("trio").resolve("durable").resolve("runs").resolve("broken")));
	}

	private static int lineOf(String text, String part) {
		return (int) text.substring(0, text.indexOf(part)).chars().filter(c -> c == '\n').count() + 1;
	}

	@Test
	void wrongVariantOrTargetSaysWhatThereIs() throws IOException {
		Path model = Models.withFreePorts("trio/trio.raft", 7101, 4, models);
		CliRun variant = raftforge("launch", model.toString(), "--variant", "fast", "-o", out.toString());
		assertEquals(ExitCodes.USAGE, variant.exitCode());
		assertEquals(model + ": error: cluster trio has no variant 'fast'; its variants are: durable, ephemeral\n",
				variant.err());
		CliRun qemu = raftforge("launch", model.toString(), "--target", "qemu", "-o", out.toString());
		assertEquals(ExitCodes.USAGE, qemu.exitCode());
		CliRun.assertContains(qemu.err(), "trio/durable has no 'qemu' section in ");
		CliRun missing = raftforge("launch", models.resolve("absent.raft").toString());
		assertEquals(ExitCodes.USAGE, missing.exitCode());
		assertEquals(models.resolve("absent.raft") + ": error: no such file\n", missing.err());
	}

	private static Path keptRunDir(String out) {
		Matcher kept = Pattern.compile("run directory kept: (\\S+) ").matcher(out);
		assertTrue(kept.find(), out);
		return Path.of(kept.group(1));
	}
}
