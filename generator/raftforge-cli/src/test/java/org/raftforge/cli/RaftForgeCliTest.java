package org.raftforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `raftforge` as a user runs it: exit codes, diagnostics format, one-line errors, no stack traces. */
class RaftForgeCliTest {

	private static final Path EXAMPLES = Paths.get(System.getProperty("raftforge.examples", "../../examples"));

	@TempDir
	Path temp;

	private static CliRun raftforge(String... args) {
		return CliRun.of(args);
	}

	private Path model(String name, String text) throws IOException {
		Path file = temp.resolve(name);
		Files.writeString(file, text, StandardCharsets.UTF_8);
		return file;
	}

	/** "LINE:COL" (1-based) of the first {@code token} on the first line of {@code text} that contains {@code line}. */
	private static String position(String text, String line, String token) {
		String[] lines = text.split("\n", -1);
		for (int i = 0; i < lines.length; i++) {
			if (lines[i].contains(line)) {
				return (i + 1) + ":" + (lines[i].indexOf(token) + 1);
			}
		}
		throw new AssertionError("no line contains " + line);
	}

	private static String seed() throws IOException {
		return Files.readString(EXAMPLES.resolve("metal/metal.raft"), StandardCharsets.UTF_8);
	}

	@Test
	void everyExampleIsValid() throws IOException {
		try (var files = Files.walk(EXAMPLES, 2)) {
			String[] args = java.util.stream.Stream
					.concat(java.util.stream.Stream.of("validate"),
							files.filter(file -> file.toString().endsWith(".raft")).map(Path::toString).sorted())
					.toArray(String[]::new);
			assertTrue(args.length >= 4, "three examples or more");
			CliRun run = raftforge(args);
			assertEquals(ExitCodes.OK, run.exitCode(), run.err());
			assertEquals("", run.err());
			assertTrue(run.out().contains("metal.raft: valid (cluster metal, 5 nodes, 4 variants)"), run.out());
		}
	}

	@Test
	void anErrorIsACompilerStyleLineAndExitCodeOne() throws IOException {
		String text = seed().replace("heartbeat 100ms", "heartbeat 400ms");
		Path bad = model("bad.raft", text);
		CliRun run = raftforge("validate", bad.toString());
		assertEquals(ExitCodes.MODEL_ERRORS, run.exitCode());
		assertEquals(1, run.errLines().size(), run.err());
		String line = run.errLines().get(0);
		var match = CliRun.GCC_STYLE.matcher(line);
		assertTrue(match.matches(), "compiler-style line: " + line);
		assertEquals(bad.toString(), match.group(1));
		// the diagnostic points at the value: "    heartbeat [400ms]"
		assertEquals(position(text, "heartbeat 400ms", "400ms"), match.group(2) + ":" + match.group(3));
		assertEquals("error", match.group(4));
		assertTrue(match.group(5).startsWith("heartbeat 400ms is not shorter than the minimum election timeout 300ms"));
		assertEquals("heartbeat-too-long", match.group(6));
		assertEquals("", run.out());
	}

	@Test
	void linkingErrorsHaveAShortCode() throws IOException {
		String text = seed().replace("storage disk transport ethernet", "storage dsk transport ethernet");
		Path bad = model("bad.raft", text);
		CliRun run = raftforge("validate", bad.toString());
		assertEquals(ExitCodes.MODEL_ERRORS, run.exitCode());
		assertEquals(List.of(bad + ":" + position(text, "storage dsk", "dsk") + ": error: unknown storage 'dsk': declare it, or use one of: disk, volatile "
				+ "[unresolved-reference]"), run.errLines());
	}

	@Test
	void syntaxErrorsComeAloneWithoutCascades() throws IOException {
		String text = seed().replace("queue-depth 16", "queue-depth sixteen");
		Path bad = model("bad.raft", text);
		CliRun run = raftforge("validate", bad.toString());
		assertEquals(ExitCodes.MODEL_ERRORS, run.exitCode());
		List<String> lines = run.errLines();
		assertEquals(bad + ":" + position(text, "queue-depth sixteen", "sixteen")
				+ ": error: mismatched input 'sixteen' expecting a number [syntax]", lines.get(0));
		assertFalse(run.err().contains("no-nodes"), "no cascade from the text the parser skipped: " + run.err());
		assertEquals(bad + ": note: the other checks run once the syntax errors are fixed", lines.get(lines.size() - 1));
		lines.subList(0, lines.size() - 1).forEach(line -> assertTrue(CliRun.GCC_STYLE.matcher(line).matches(), line));
	}

	@Test
	void warningsPassUnlessTheyAreErrors() throws IOException {
		Path warned = model("warned.raft", seed().replace("heartbeat 100ms", "heartbeat 150ms"));
		CliRun run = raftforge("validate", warned.toString());
		assertEquals(ExitCodes.OK, run.exitCode());
		assertTrue(run.err().contains(": warning: heartbeat 150ms is more than a third"), run.err());
		assertTrue(run.out().contains("1 warning"), run.out());
		CliRun strict = raftforge("validate", "--warnings-as-errors", warned.toString());
		assertEquals(ExitCodes.MODEL_ERRORS, strict.exitCode());
		assertTrue(strict.err().contains(": error: heartbeat 150ms"), strict.err());
	}

	@Test
	void aMissingFileIsOneLineAndAUsageError() {
		Path missing = temp.resolve("nowhere.raft");
		CliRun run = raftforge("validate", missing.toString());
		assertEquals(ExitCodes.USAGE, run.exitCode());
		assertEquals(List.of(missing + ": error: no such file"), run.errLines());
	}

	@Test
	void aDirectoryIsAUsageError() {
		CliRun run = raftforge("validate", temp.toString());
		assertEquals(ExitCodes.USAGE, run.exitCode());
		assertEquals(1, run.errLines().size());
		assertTrue(run.err().contains("is a directory"));
	}

	@Test
	void garbageTextIsOneLine() throws IOException {
		Path garbage = model("garbage.raft", "hello world, this is not a cluster\n{{{ ;;; }}}\n");
		CliRun run = raftforge("validate", garbage.toString());
		assertEquals(ExitCodes.MODEL_ERRORS, run.exitCode());
		assertEquals(List.of(garbage + ": error: not a RaftForge model: a model starts with `cluster NAME {`"),
				run.errLines());
	}

	@Test
	void binaryContentIsOneLine() throws IOException {
		Path binary = temp.resolve("image.raft");
		Files.write(binary, new byte[] { (byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13, (byte) 0xff, (byte) 0xfe });
		CliRun run = raftforge("validate", binary.toString());
		assertEquals(ExitCodes.MODEL_ERRORS, run.exitCode());
		assertEquals(List.of(binary + ": error: not a RaftForge model (binary content, not UTF-8 text)"),
				run.errLines());
	}

	@Test
	void aFileThatIsNotARaftFileIsOneLine() throws IOException {
		Path text = model("notes.txt", seed());
		CliRun run = raftforge("validate", text.toString());
		assertEquals(ExitCodes.MODEL_ERRORS, run.exitCode());
		assertEquals(List.of(text + ": error: not a RaftForge model (expected a .raft file)"), run.errLines());
	}

	@Test
	void theWorstOutcomeWins() throws IOException {
		Path good = model("good.raft", seed());
		Path bad = model("bad.raft", seed().replace("heartbeat 100ms", "heartbeat 400ms"));
		assertEquals(ExitCodes.MODEL_ERRORS, raftforge("validate", good.toString(), bad.toString()).exitCode());
		CliRun withMissing = raftforge("validate", bad.toString(), temp.resolve("missing.raft").toString());
		assertEquals(ExitCodes.USAGE, withMissing.exitCode());
		assertTrue(withMissing.err().contains("heartbeat-too-long"), "the other files are still checked");
	}

	@Test
	void usageErrors() {
		assertEquals(ExitCodes.USAGE, raftforge().exitCode());
		assertEquals(ExitCodes.USAGE, raftforge("validate").exitCode());
		assertEquals(ExitCodes.USAGE, raftforge("validate", "--no-such-option", "x.raft").exitCode());
		assertEquals(ExitCodes.USAGE, raftforge("frobnicate").exitCode());
	}

	@Test
	void helpAndVersion() {
		CliRun help = raftforge("--help");
		assertEquals(ExitCodes.OK, help.exitCode());
		assertTrue(help.out().contains("validate"), help.out());
		CliRun validateHelp = raftforge("validate", "--help");
		assertEquals(ExitCodes.OK, validateHelp.exitCode());
		assertTrue(validateHelp.out().contains("FILE:LINE:COL"), validateHelp.out());
		CliRun version = raftforge("--version");
		assertEquals(ExitCodes.OK, version.exitCode());
		assertTrue(version.out().startsWith("raftforge "), version.out());
	}
}
