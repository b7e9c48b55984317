package org.raftforge.cli.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.raftforge.cli.ExitCodes;
import org.raftforge.cli.CliRun;

/**
 * The seed system on QEMU for real: {@code raftforge launch examples/metal/metal.raft} generates the firmware,
 * builds it with arm-none-eabi-gcc, starts one QEMU mps2-an386 per node on the Ethernet hub (or one QEMU for a
 * channel variant), runs the workload over the UARTs and checks the history; then a kill-leader run (QEMU killed
 * and restarted from its semihosting files) and a partition run (the hub cuts the leader off, then heals). Each test
 * also checks that no QEMU and no hub outlive it. No timing is asserted; the figures are printed.
 */
class QemuLaunchTest {

	private static final Path SEED = Models.EXAMPLES.resolve("metal/metal.raft");

	@TempDir
	static Path out;

	/** Short on purpose: the run directory holds unix sockets (108-byte paths). */
	private Path runDir;

	@BeforeEach
	void shortRunDirectory() throws IOException {
		runDir = Files.createTempDirectory("rfq");
		Files.delete(runDir); // the launcher wants a new or empty one; it creates it
	}

	@AfterEach
	void nothingOutlivesTheLaunch() throws IOException {
		List<String> left = ProcessHandle.allProcesses()
				.filter(process -> process.info().commandLine().map(line -> line.contains(runDir.toString()))
						.orElse(false))
				.map(process -> process.pid() + " " + process.info().commandLine().orElse(""))
				.toList();
		ProcessHandle.allProcesses()
				.filter(process -> process.info().commandLine().map(line -> line.contains(runDir.toString()))
						.orElse(false))
				.forEach(ProcessHandle::destroyForcibly);
		assertEquals(List.of(), left, "processes left running after the launch");
	}

	private static CliRun raftforge(String... args) {
		return CliRun.echoed(args);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "semihosting_udp", "memory_udp", "semihosting_channel", "memory_channel" })
	void everySeedVariantRunsItsWorkloadOnQemu(String variant) throws IOException {
		CliRun run = raftforge("launch", SEED.toString(), "--variant", variant, "-o", out.toString(), "--run-dir",
				runDir.toString(), "--keep");
		assertEquals(ExitCodes.OK, run.exitCode(), run.out() + run.err());
		boolean udp = variant.endsWith("udp");
		CliRun.assertContains(run.out(), "metal/" + variant + " on qemu: 5 nodes (5 voters), "
				+ (udp ? "udp" : "channel") + " transport");
		CliRun.assertContains(run.out(), udp ? "started 5 processes" : "started 1 process");
		CliRun.assertContains(run.out(), "history: 6 operations; linearizable");
		assertTrue(run.out().endsWith("OK: 3/3 writes acknowledged after commit, 3/3 reads as expected\n"), run.out());
		// the firmware said goodbye on its semihosting console: a clean stop, with its figures
		String console = Files.readString(runDir.resolve(udp ? "node-1.semihost.log" : "metal.semihost.log"));
		CliRun.assertContains(console, "of metal/" + variant);
		CliRun.assertContains(console, "commit-latency writes=");
		if (variant.startsWith("semihosting")) {
			for (int node = 1; node <= 5; node++) {
				assertTrue(Files.size(runDir.resolve("raft_node_" + node + "_log.bin")) > 0, "node " + node + " log");
			}
		}
	}

	@Test
	void theDefaultVariantIsTheSeedsSemihostingUdpOnQemu() {
		CliRun run = raftforge("launch", SEED.toString(), "-o", out.toString(), "--run-dir", runDir.toString());
		assertEquals(ExitCodes.OK, run.exitCode(), run.out() + run.err());
		CliRun.assertContains(run.out(), "metal/semihosting_udp on qemu: 5 nodes (5 voters), udp transport, semihosting "
				+ "storage");
		CliRun.assertContains(run.out(), "OK: 3/3 writes acknowledged after commit, 3/3 reads as expected");
	}

	@Test
	void killTheLeadersQemuAndRestartItFromItsFiles() {
		CliRun run = raftforge("launch", SEED.toString(), "-o", out.toString(), "--run-dir", runDir.toString(),
				"--chaos", "kill-leader", "--keep");
		assertEquals(ExitCodes.OK, run.exitCode(), run.out() + run.err());
		Matcher killed = Pattern.compile("chaos: kill -9 (n\\d) \\(pid \\d+\\), the leader in term (\\d+)")
				.matcher(run.out());
		assertTrue(killed.find(), run.out());
		Matcher elected = Pattern.compile("chaos: new leader (n\\d) \\(term (\\d+)\\), elected (\\d+) ms after the kill")
				.matcher(run.out());
		assertTrue(elected.find(), run.out());
		assertFalse(elected.group(1).equals(killed.group(1)), run.out());
		assertTrue(Long.parseLong(elected.group(2)) > Long.parseLong(killed.group(2)), run.out());
		CliRun.assertContains(run.out(), "chaos: restarted " + killed.group(1) + " from its files");
		CliRun.assertContains(run.out(), "chaos: " + killed.group(1) + " caught up");
		CliRun.assertContains(run.out(), "no acknowledged write was lost");
		CliRun.assertContains(run.out(), "linearizable");
		CliRun.assertContains(run.out(), "OK: ");
	}

	@Test
	void cutTheLeaderOffThroughTheHubThenHeal() {
		CliRun run = raftforge("launch", SEED.toString(), "-o", out.toString(), "--run-dir", runDir.toString(),
				"--chaos", "partition", "--keep");
		assertEquals(ExitCodes.OK, run.exitCode(), run.out() + run.err());
		Matcher cut = Pattern.compile("chaos: hub 'partition (\\d) ([\\d,]+)': (n\\d), the leader in term (\\d+), is "
				+ "cut off from the other 4 nodes").matcher(run.out());
		assertTrue(cut.find(), run.out());
		String isolated = cut.group(3);
		Matcher elected = Pattern.compile("chaos: new leader (n\\d) \\(term (\\d+)\\) on the majority side")
				.matcher(run.out());
		assertTrue(elected.find(), run.out());
		assertFalse(elected.group(1).equals(isolated), run.out());
		assertTrue(Long.parseLong(elected.group(2)) > Long.parseLong(cut.group(4)), run.out());
		CliRun.assertContains(run.out(), "chaos: " + isolated + " stepped down");
		CliRun.assertContains(run.out(), "chaos: hub 'heal'");
		CliRun.assertContains(run.out(), "chaos: converged");
		CliRun.assertContains(run.out(), "no acknowledged write was lost");
		CliRun.assertContains(run.out(), "linearizable");
	}

	@Test
	void aPartitionNeedsTheHubOfAUdpVariantOnQemu() {
		CliRun channel = raftforge("launch", SEED.toString(), "--variant", "semihosting_channel", "-o", out.toString(),
				"--run-dir", runDir.toString(), "--chaos", "partition");
		assertEquals(ExitCodes.USAGE, channel.exitCode());
		CliRun.assertContains(channel.err(), "--chaos partition cuts links in the Ethernet hub");
		CliRun.assertContains(channel.err(), "a channel transport runs every node in one image");
		CliRun natively = raftforge("launch", SEED.toString(), "--target", "native", "-o", out.toString(), "--run-dir",
				runDir.toString(), "--chaos", "partition");
		assertEquals(ExitCodes.USAGE, natively.exitCode());
		CliRun.assertContains(natively.err(), "native nodes talk over loopback");
	}

	@Test
	void benchOnQemuPrintsBootTimeLatencyThroughputAndSizes() {
		CliRun run = raftforge("bench", SEED.toString(), "-o", out.toString(), "--run-dir", runDir.toString(), "--ops",
				"150", "--clients", "4");
		assertEquals(ExitCodes.OK, run.exitCode(), run.out() + run.err());
		CliRun.assertContains(run.out(), "bench metal/semihosting_udp on qemu mps2-an386: 5 voters, udp transport");
		CliRun.assertContains(run.out(), "values 73 B");
		assertTrue(Pattern.compile("boot to leader: \\d+ ms").matcher(run.out()).find(), run.out());
		CliRun.assertContains(run.out(), "sequential");
		CliRun.assertContains(run.out(), "concurrent");
		CliRun.assertContains(run.out(), "commit latency measured on the node that acknowledged the writes");
		assertTrue(Pattern.compile("goal: p50 within 3 x the QEMU UDP round trip .*: (met|missed)")
				.matcher(run.out()).find(), run.out());
		assertTrue(Pattern.compile("firmware per node: flash \\d+\\.\\d KB, RAM \\d+\\.\\d KB").matcher(run.out())
				.find(), run.out());
		CliRun.assertContains(run.out(), "goal per node: flash <= 40.0 KB");
		CliRun.assertContains(run.out(), "Raft runtime");
		CliRun.assertContains(run.out(), "lwIP");
	}
}
