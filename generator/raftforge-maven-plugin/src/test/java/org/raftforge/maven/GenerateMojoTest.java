package org.raftforge.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The goal on real models: output per cluster and variant, model errors as build failures with file and line. */
class GenerateMojoTest {

	private static final Path EXAMPLE_MODEL = Path.of(System.getProperty("raftforge.examples", "../../examples"))
			.resolve("maven-example/src/main/raft/duo.raft");

	@TempDir
	Path temp;

	private GenerateMojo mojo(Path models, Path out, List<String> variants) throws Exception {
		GenerateMojo mojo = new GenerateMojo();
		set(mojo, "modelDirectory", models.toFile());
		set(mojo, "outputDirectory", out.toFile());
		set(mojo, "variants", variants);
		return mojo;
	}

	private static void set(Object target, String field, Object value) throws Exception {
		Field f = target.getClass().getDeclaredField(field);
		f.setAccessible(true);
		f.set(target, value);
	}

	private Path models(String text) throws Exception {
		Path models = Files.createDirectories(temp.resolve("raft"));
		Files.writeString(models.resolve("duo.raft"), text);
		return models;
	}

	private static int lineOf(String text, String fragment) {
		String[] lines = text.split("\n", -1);
		for (int i = 0; i < lines.length; i++) {
			if (lines[i].contains(fragment)) {
				return i + 1;
			}
		}
		throw new AssertionError(fragment);
	}

	@Test
	void everyVariantIntoItsFolder() throws Exception {
		Path out = temp.resolve("out");
		mojo(models(Files.readString(EXAMPLE_MODEL)), out, List.of()).execute();
		for (String variant : List.of("durable", "volatile")) {
			assertTrue(Files.isRegularFile(out.resolve("duo").resolve(variant).resolve("launch.json")), variant);
			assertTrue(Files.isRegularFile(out.resolve("duo").resolve(variant).resolve("runtime/src/raft_core.c")));
		}
	}

	@Test
	void onlyTheNamedVariants() throws Exception {
		Path out = temp.resolve("out");
		mojo(models(Files.readString(EXAMPLE_MODEL)), out, List.of("volatile")).execute();
		assertTrue(Files.isDirectory(out.resolve("duo/volatile")));
		assertFalse(Files.exists(out.resolve("duo/durable")));
	}

	@Test
	void aModelErrorFailsTheBuildWithFileAndLine() throws Exception {
		String text = Files.readString(EXAMPLE_MODEL).replace("heartbeat 50ms", "heartbeat 400ms");
		Path models = models(text);
		Path out = temp.resolve("out");
		MojoFailureException failure = assertThrows(MojoFailureException.class,
				() -> mojo(models, out, List.of()).execute());
		String expected = models.resolve("duo.raft") + ":" + lineOf(text, "heartbeat 400ms") + ":";
		assertTrue(failure.getMessage().contains(expected), failure.getMessage());
		assertTrue(failure.getMessage().contains(": error: heartbeat 400ms"), failure.getMessage());
		assertTrue(failure.getMessage().contains("[heartbeat-too-long]"), failure.getMessage());
		assertFalse(Files.exists(out));
	}

	@Test
	void aModelTheRuntimeCannotBuildFailsTheBuildWithFileAndLine() throws Exception {
		String text = Files.readString(EXAMPLE_MODEL).replace("lease 100ms", "lease 140ms");
		Path models = models(text);
		MojoFailureException failure = assertThrows(MojoFailureException.class,
				() -> mojo(models, temp.resolve("out"), List.of()).execute());
		assertTrue(failure.getMessage().contains(models.resolve("duo.raft") + ":" + lineOf(text, "lease 140ms")
				+ ":11: error: lease 140ms is more than the runtime allows"), failure.getMessage());
	}

	@Test
	void aMissingModelDirectoryIsOneClearMessage() throws Exception {
		MojoFailureException failure = assertThrows(MojoFailureException.class,
				() -> mojo(temp.resolve("nothing"), temp.resolve("out"), List.of()).execute());
		assertEquals("raftforge: the model directory " + temp.resolve("nothing")
				+ " does not exist: put the .raft models there or set <modelDirectory>", failure.getMessage());
		File empty = Files.createDirectories(temp.resolve("empty")).toFile();
		MojoFailureException none = assertThrows(MojoFailureException.class,
				() -> mojo(empty.toPath(), temp.resolve("out"), List.of()).execute());
		assertTrue(none.getMessage().startsWith("raftforge: no .raft model in "), none.getMessage());
	}
}
