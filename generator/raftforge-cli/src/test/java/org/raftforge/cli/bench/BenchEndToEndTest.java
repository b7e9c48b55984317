package org.raftforge.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raftforge.cli.ExitCodes;
import org.raftforge.cli.RaftForgeCli;
import org.raftforge.cli.launch.Models;

/** {@code raftforge bench} on a real native cluster: it runs both phases and prints figures (never judged here). */
class BenchEndToEndTest {

	private static final Path EXAMPLES = Paths.get(System.getProperty("raftforge.examples", "../../examples"));

	@TempDir
	Path temp;

	private record Run(int exitCode, String out, String err) {
	}

	private static Run raftforge(String... args) {
		StringWriter stdout = new StringWriter();
		StringWriter stderr = new StringWriter();
		int code = RaftForgeCli.run(new PrintWriter(stdout), new PrintWriter(stderr), args);
		Run run = new Run(code, stdout.toString(), stderr.toString());
		System.out.println("$ raftforge " + String.join(" ", args) + "\n" + run.out + run.err + "exit " + code);
		assertFalse(run.err.contains("\tat ") || run.err.contains("Exception"), "no stack traces: " + run.err);
		return run;
	}

	private Path trio() throws IOException {
		return Models.withFreePorts("trio/trio.raft", 7101, 4, temp);
	}

	@Test
	void bothPhasesPrintTheirFigures() throws IOException {
		Run run = raftforge("bench", trio().toString(), "--target", "native", "--ops", "300", "--clients", "4", "-o",
				temp.resolve("out").toString());
		assertEquals(ExitCodes.OK, run.exitCode(), run.out() + run.err());
		assertTrue(run.out().contains("bench trio/durable on native: 3 voters + 1 learner(s), udp transport, file "
				+ "storage (synced before each acknowledgement), values 256 B, 16 keys"), run.out());
		assertTrue(run.out().contains(BenchPhase.Figures.header()), run.out());
		String number = " +[0-9.]+";
		assertTrue(Pattern.compile("sequential +1 +300" + number.repeat(7)).matcher(run.out()).find(), run.out());
		assertTrue(Pattern.compile("concurrent +4 +300" + number.repeat(7)).matcher(run.out()).find(), run.out());
		assertFalse(run.out().contains("FAILED"), run.out());
	}

	@Test
	void valuesThatDoNotFitTheModelAreRefusedBeforeAnythingRuns() {
		Path model = EXAMPLES.resolve("metal/metal.raft");
		Run run = raftforge("bench", model.toString(), "--target", "native", "-o", temp.resolve("out").toString());
		assertEquals(ExitCodes.USAGE, run.exitCode());
		assertEquals(model + ": error: the benchmark writes 256-byte values, but metal/semihosting_udp takes at most "
				+ "73 bytes per value: raise the model's max-entry-size (e.g. 512 B, as examples/trio/trio.raft) or "
				+ "bench another model\n", run.err());
	}

	@Test
	void moreClientsThanANodeTakesInFlightAreRefused() throws IOException {
		Run run = raftforge("bench", trio().toString(), "--clients", "40", "-o", temp.resolve("out").toString());
		assertEquals(ExitCodes.USAGE, run.exitCode());
		assertTrue(run.err().contains("--clients 40 is more than the 16 requests a node of trio/durable takes in "
				+ "flight (max pending); use at most 16"), run.err());
		Run qemu = raftforge("bench", trio().toString(), "--target", "qemu", "-o", temp.resolve("out").toString());
		assertEquals(ExitCodes.USAGE, qemu.exitCode());
		assertTrue(qemu.err().startsWith("trio/durable has no 'qemu' section in "), qemu.err());
	}
}
