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
import java.util.regex.Matcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `raftforge generate` as a user runs it: the output tree, variant selection, located errors, no stack traces. */
class GenerateCommandTest {

	private static final Path EXAMPLES = Paths.get(System.getProperty("raftforge.examples", "../../examples"));

	@TempDir
	Path temp;

	private static CliRun raftforge(String... args) {
		return CliRun.of(args);
	}

	private static String seed() throws IOException {
		return Files.readString(EXAMPLES.resolve("metal/metal.raft"), StandardCharsets.UTF_8);
	}

	private Path model(String text) throws IOException {
		Path file = temp.resolve("metal.raft");
		Files.writeString(file, text, StandardCharsets.UTF_8);
		return file;
	}

	/** 1-based line of the first line containing {@code fragment}. */
	private static int lineOf(String text, String fragment) {
		String[] lines = text.split("\n", -1);
		for (int i = 0; i < lines.length; i++) {
			if (lines[i].contains(fragment)) {
				return i + 1;
			}
		}
		throw new AssertionError("no line contains " + fragment);
	}

	@Test
	void aVariantRemovedFromTheModelLosesItsGeneratedFilesButNotTheOthers() throws IOException {
		Path out = temp.resolve("out");
		Path model = model(seed());
		assertEquals(ExitCodes.OK, raftforge("generate", model.toString(), "-o", out.toString()).exitCode());
		Path memoryUdp = out.resolve("metal/memory_udp");
		Files.writeString(memoryUdp.resolve("my-notes.txt"), "mine");
		String line = seed().lines().filter(l -> l.contains("variant memory_udp")).findFirst().orElseThrow();
		model(seed().replace(line + "\n", ""));

		CliRun run = raftforge("generate", model.toString(), "-o", out.toString());

		assertEquals(ExitCodes.OK, run.exitCode(), run.err());
		assertTrue(run.out().matches("(?s).*removed \\d+ generated files of metal/memory_udp, a variant the model no "
				+ "longer has, from .*"), run.out());
		assertTrue(run.err().contains("note: " + memoryUdp + ": left in place: it holds files RaftForge did not "
				+ "generate"), run.err());
		assertFalse(Files.exists(memoryUdp.resolve("main.c")));
		assertEquals("mine", Files.readString(memoryUdp.resolve("my-notes.txt")));
		assertTrue(Files.isRegularFile(out.resolve("metal/memory_channel/main.c")));
	}

	@Test
	void everyVariantGetsItsOwnFolderThatBuildsOnItsOwn() throws IOException {
		Path out = temp.resolve("out");
		CliRun run = raftforge("generate", EXAMPLES.resolve("metal/metal.raft").toString(), "-o", out.toString());
		assertEquals(ExitCodes.OK, run.exitCode(), run.err());
		assertEquals("", run.err());
		for (String variant : List.of("memory_channel", "memory_udp", "semihosting_channel", "semihosting_udp")) {
			Path directory = out.resolve("metal").resolve(variant);
			assertTrue(run.out().contains("generated metal/" + variant + " in " + directory), run.out());
			for (String file : List.of("cluster_config.h", "cluster_config.c", "main.c", "Makefile", "launch.json",
					"run-native.sh", "README.md", "topology.dot", "runtime/include/raft/raft_server.h",
					"runtime/src/raft_core.c", "runtime/ports/posix/raft_posix_node.c")) {
				assertTrue(Files.isRegularFile(directory.resolve(file)), directory.resolve(file).toString());
			}
			assertTrue(Files.isExecutable(directory.resolve("run-native.sh")));
		}
		assertTrue(run.out().contains("4 variants in "), run.out());

		CliRun again = raftforge("generate", EXAMPLES.resolve("metal/metal.raft").toString(), "-o", out.toString());
		assertEquals(ExitCodes.OK, again.exitCode());
		assertTrue(again.out().contains("(0 files written, "), again.out());
		assertFalse(again.out().contains("(1 files written"), again.out());
	}

	@Test
	void oneVariantByName() throws IOException {
		Path out = temp.resolve("out");
		CliRun run = raftforge("generate", EXAMPLES.resolve("trio/trio.raft").toString(), "-o", out.toString(),
				"--variant", "ephemeral", "-q");
		assertEquals(ExitCodes.OK, run.exitCode(), run.err());
		assertEquals("", run.out());
		assertTrue(Files.isDirectory(out.resolve("trio/ephemeral")));
		assertFalse(Files.exists(out.resolve("trio/durable")));
	}

	@Test
	void anUnknownVariantIsOneLineListingTheVariants() {
		Path out = temp.resolve("out");
		CliRun run = raftforge("generate", EXAMPLES.resolve("trio/trio.raft").toString(), "-o", out.toString(),
				"--variant", "nope");
		assertEquals(ExitCodes.USAGE, run.exitCode());
		assertEquals(List.of(EXAMPLES.resolve("trio/trio.raft") + ": error: cluster trio has no variant 'nope'; its "
				+ "variants are: durable, ephemeral"), run.errLines());
		assertFalse(Files.exists(out));
	}

	@Test
	void aModelWithErrorsIsReportedLikeValidateAndNothingIsGenerated() throws IOException {
		String text = seed().replace("heartbeat 100ms", "heartbeat 400ms");
		Path file = model(text);
		Path out = temp.resolve("out");
		CliRun run = raftforge("generate", file.toString(), "-o", out.toString());
		assertEquals(ExitCodes.MODEL_ERRORS, run.exitCode());
		Matcher first = CliRun.GCC_STYLE.matcher(run.errLines().get(0));
		assertTrue(first.matches(), run.err());
		assertEquals(file.toString(), first.group(1));
		assertEquals(lineOf(text, "heartbeat 400ms"), Integer.parseInt(first.group(2)));
		assertEquals("error", first.group(4));
		assertTrue(run.err().contains(": note: nothing generated: fix the errors above first"), run.err());
		assertFalse(Files.exists(out));
	}

	@Test
	void aSyntaxErrorIsLocated() throws IOException {
		String text = seed().replace("heartbeat 100ms", "heartbeat: 100ms");
		Path file = model(text);
		CliRun run = raftforge("generate", file.toString(), "-o", temp.resolve("out").toString());
		assertEquals(ExitCodes.MODEL_ERRORS, run.exitCode());
		Matcher first = CliRun.GCC_STYLE.matcher(run.errLines().get(0));
		assertTrue(first.matches(), run.err());
		assertEquals(lineOf(text, "heartbeat: 100ms"), Integer.parseInt(first.group(2)));
		assertEquals("syntax", first.group(6));
	}

	@Test
	void aValidModelTheRuntimeCannotBuildIsLocatedToo() throws IOException {
		// validation accepts a lease below the minimum election timeout; the runtime wants at most 7/8 of it
		String text = seed().replace("lease 250ms", "lease 290ms");
		Path file = model(text);
		Path out = temp.resolve("out");
		CliRun run = raftforge("generate", file.toString(), "-o", out.toString());
		assertEquals(ExitCodes.MODEL_ERRORS, run.exitCode(), run.out() + run.err());
		Matcher first = CliRun.GCC_STYLE.matcher(run.errLines().get(0));
		assertTrue(first.matches(), run.err());
		assertEquals(lineOf(text, "lease 290ms"), Integer.parseInt(first.group(2)));
		assertEquals("generator", first.group(6));
		assertTrue(first.group(5).contains("lower lease to at most 263ms"), first.group(5));
		assertFalse(Files.exists(out));
	}

	@Test
	void missingFilesAndNonModels() throws IOException {
		CliRun missing = raftforge("generate", temp.resolve("nothing.raft").toString());
		assertEquals(ExitCodes.USAGE, missing.exitCode());
		assertEquals(List.of(temp.resolve("nothing.raft") + ": error: no such file"), missing.errLines());
		Path text = temp.resolve("notes.txt");
		Files.writeString(text, "hello");
		CliRun notAModel = raftforge("generate", text.toString());
		assertEquals(ExitCodes.MODEL_ERRORS, notAModel.exitCode());
		assertEquals(1, notAModel.errLines().size(), notAModel.err());
		CliRun noArgument = raftforge("generate");
		assertEquals(ExitCodes.USAGE, noArgument.exitCode());
	}
}
