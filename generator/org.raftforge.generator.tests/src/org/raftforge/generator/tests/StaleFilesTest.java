package org.raftforge.generator.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.raftforge.generator.ClusterGenerator;
import org.raftforge.generator.GenerationReport;
import org.raftforge.generator.output.GeneratedFile;
import org.raftforge.generator.output.GenerationManifest;
import org.raftforge.generator.output.OutputWriter;

/**
 * Re-generation deletes the files an earlier generation wrote and this one no longer produces (a file a template
 * stopped emitting, runtime sources a changed backend no longer needs, a variant removed from the model), and
 * never anything else: build outputs, runs, the user's files and generated files the user changed stay.
 */
class StaleFilesTest {

	private static final String TINY = "tiny.raft";

	@Test
	void aVariantMovedToAnotherTargetLeavesExactlyTheNewFilesAndEverythingNotGenerated() throws Exception {
		Path out = TestPaths.freshWorkDirectory("stale-target-out");
		// rings_in_ram on QEMU first: firmware files and the mps2 port besides the native ones
		String onQemu = tiny().replace("  target native host\n", "  target native host\n  target qemu board { machine "
				+ "\"mps2-an386\" cpu cortex-m4 flash 4 MiB ram 4 MiB }\n")
				.replace("variant rings_in_ram { storage scratch transport rings target host }",
						"variant rings_in_ram { storage scratch transport rings target board }");
		GenerationReport.Variant before = generate(onQemu, out, "stale-target-1", List.of("rings_in_ram")).variants()
				.get(0);
		Path variant = out.resolve("tiny/rings_in_ram");
		Path userFile = write(variant.resolve("my-notes.txt"), "mine");
		Path build = write(variant.resolve("build/native/node"), "binary");
		Path run = write(variant.resolve("runs/r1/state/raft_node_1_log.bin"), "log");

		GenerationReport.Variant after = generate(tiny(), out, "stale-target-2", List.of("rings_in_ram")).variants()
				.get(0);

		Set<String> produced = after.files().stream().filter(f -> f.outcome() != OutputWriter.Outcome.REMOVED)
				.map(OutputWriter.FileOutcome::path).collect(Collectors.toCollection(TreeSet::new));
		Set<String> noLonger = before.files().stream().map(OutputWriter.FileOutcome::path)
				.filter(path -> !produced.contains(path)).collect(Collectors.toCollection(TreeSet::new));
		assertTrue(noLonger.stream().anyMatch(path -> path.startsWith("runtime/ports/mps2/")), noLonger.toString());
		assertEquals(List.copyOf(noLonger), removedPaths(after));
		assertFalse(Files.exists(variant.resolve("runtime/ports/mps2")), "the folders it emptied go too");
		// on disk: exactly the generated files, the manifest, and what the generator never wrote
		Set<String> expected = new TreeSet<>(produced);
		expected.addAll(List.of(GenerationManifest.FILE_NAME, "my-notes.txt", "build/native/node",
				"runs/r1/state/raft_node_1_log.bin"));
		assertEquals(expected, filesUnder(variant));
		assertEquals("mine", Files.readString(userFile));
		assertEquals("binary", Files.readString(build));
		assertEquals("log", Files.readString(run));
		assertEquals(List.of(), after.notes());
	}

	@Test
	void aFileATemplateNoLongerEmitsIsDeletedUnlessChanged() throws Exception {
		Path out = TestPaths.freshWorkDirectory("stale-template-out");
		generate(tiny(), out, "stale-template-1", List.of("files"));
		Path variant = out.resolve("tiny/files");
		// what an earlier generator version wrote and listed: two files this one does not produce
		Path gone = write(variant.resolve("old/helper.h"), "/* old */\n");
		Path edited = write(variant.resolve("old-notes.md"), "generated\n");
		List<String> manifest = Files.readAllLines(variant.resolve(GenerationManifest.FILE_NAME));
		manifest.add(sha256("/* old */\n") + " old/helper.h");
		manifest.add(sha256("generated\n") + " old-notes.md");
		Files.write(variant.resolve(GenerationManifest.FILE_NAME), manifest);
		Files.writeString(edited, "generated, then edited by hand\n");

		GenerationReport.Variant files = generate(tiny(), out, "stale-template-2", List.of("files")).variants().get(0);

		assertFalse(Files.exists(gone));
		assertFalse(Files.exists(variant.resolve("old")), "the folder it emptied goes too");
		assertEquals(List.of("old/helper.h"), removedPaths(files));
		assertEquals("generated, then edited by hand\n", Files.readString(edited));
		assertEquals(1, files.notes().size());
		assertTrue(files.notes().get(0).contains("old-notes.md: kept: an earlier generation wrote it"),
				files.notes().get(0));
		// the new manifest lists only what this generation wrote
		assertFalse(Files.readString(variant.resolve(GenerationManifest.FILE_NAME)).contains("old"));
	}

	@Test
	void aVariantRemovedFromTheModelLosesItsGeneratedFilesOnly() throws Exception {
		Path out = TestPaths.freshWorkDirectory("stale-variant-out");
		generate(tiny(), out, "stale-variant-1", List.of());
		Path rings = out.resolve("tiny/rings_in_ram");
		Path build = write(rings.resolve("build/native/node"), "binary");
		Path unrelated = Files.createDirectories(out.resolve("tiny/not-generated"));
		write(unrelated.resolve("keep.txt"), "keep");

		String withoutRings = tiny().replace("  variant rings_in_ram { storage scratch transport rings target host }\n",
				"");
		// asking for one variant still retires the ones the model no longer has
		GenerationReport report = generate(withoutRings, out, "stale-variant-2", List.of("files"));

		assertEquals(1, report.retired().size());
		GenerationReport.Variant retired = report.retired().get(0);
		assertEquals("rings_in_ram", retired.name());
		assertTrue(retired.removed() > 10, "its generated files: " + retired.removed());
		assertEquals(Set.of("build/native/node"), filesUnder(rings), "only the build output is left");
		assertEquals("binary", Files.readString(build));
		assertTrue(retired.notes().get(0).contains("left in place: it holds files RaftForge did not generate"),
				retired.notes().toString());
		assertEquals("keep", Files.readString(unrelated.resolve("keep.txt")));
		assertTrue(Files.isRegularFile(out.resolve("tiny/files/cluster_config.h")));

		// its manifest is gone with its generated files: the folder left is not the generator's any more
		assertFalse(Files.exists(rings.resolve(GenerationManifest.FILE_NAME)));
		assertEquals(List.of(), generate(withoutRings, out, "stale-variant-3", List.of()).retired());
		assertEquals("binary", Files.readString(build));
	}

	@Test
	void aVariantWithNothingButGeneratedFilesDisappearsWhole() throws Exception {
		Path out = TestPaths.freshWorkDirectory("stale-whole-out");
		generate(tiny(), out, "stale-whole-1", List.of());
		String withoutRings = tiny().replace("  variant rings_in_ram { storage scratch transport rings target host }\n",
				"");
		GenerationReport report = generate(withoutRings, out, "stale-whole-2", List.of());
		assertEquals(List.of(), report.retired().get(0).notes());
		assertFalse(Files.exists(out.resolve("tiny/rings_in_ram")));
	}

	@Test
	void anUnreadableManifestDeletesNothingAndSaysWhere() throws Exception {
		Path out = TestPaths.freshWorkDirectory("stale-corrupt-out");
		generate(tiny(), out, "stale-corrupt-1", List.of("files"));
		Path variant = out.resolve("tiny/files");
		Path outside = write(out.resolve("precious.txt"), "precious");
		Path inside = write(variant.resolve("extra.txt"), "extra");
		Path manifest = variant.resolve(GenerationManifest.FILE_NAME);
		List<String> lines = Files.readAllLines(manifest);
		lines.add(sha256("extra") + " extra.txt");
		lines.add(sha256("precious") + " ../../precious.txt");
		Files.write(manifest, lines);

		GenerationReport.Variant files = generate(tiny(), out, "stale-corrupt-2", List.of("files")).variants().get(0);

		assertEquals("precious", Files.readString(outside));
		assertEquals("extra", Files.readString(inside), "an unreadable manifest deletes nothing");
		assertEquals(0, files.removed());
		assertEquals(1, files.notes().size());
		assertTrue(files.notes().get(0).startsWith(manifest + ":" + lines.size() + ": not a line"),
				files.notes().get(0));
		assertTrue(files.notes().get(0).contains("Delete the manifest to start afresh"), files.notes().get(0));
		assertFalse(Files.readString(manifest).contains("precious"), "the manifest is rewritten");
	}

	@Test
	void theManifestIsSortedDeterministicAndListsEveryGeneratedFile() throws Exception {
		Path a = TestPaths.freshWorkDirectory("stale-manifest-a");
		Path b = TestPaths.freshWorkDirectory("stale-manifest-b");
		GenerationReport report = generate(tiny(), a, "stale-manifest-1", List.of("files"));
		generate(tiny(), b, "stale-manifest-2", List.of("files"));
		byte[] first = Files.readAllBytes(a.resolve("tiny/files").resolve(GenerationManifest.FILE_NAME));
		byte[] second = Files.readAllBytes(b.resolve("tiny/files").resolve(GenerationManifest.FILE_NAME));
		assertEquals(new String(first, StandardCharsets.UTF_8), new String(second, StandardCharsets.UTF_8));
		List<String> paths = new String(first, StandardCharsets.UTF_8).lines().filter(line -> !line.startsWith("#"))
				.map(line -> line.substring(65)).toList();
		assertEquals(paths.stream().sorted().toList(), paths);
		assertEquals(report.variants().get(0).files().stream().map(OutputWriter.FileOutcome::path).sorted().toList(),
				paths);
		assertTrue(Files.readString(a.resolve("tiny/files/README.md")).contains(".raftforge-manifest"));
		assertEquals(GenerationManifest.of(List.of(GeneratedFile.text("b", "x"), GeneratedFile.text("a", "y")))
				.files().keySet().stream().sorted().toList(), List.of("a", "b"));
	}

	private static GenerationReport generate(String text, Path out, String modelFolder, List<String> variants)
			throws Exception {
		Path models = TestPaths.freshWorkDirectory(modelFolder);
		return new ClusterGenerator().generate(TestModels.loadText(models, TINY, text), models.resolve(TINY), out,
				variants);
	}

	private static List<String> removedPaths(GenerationReport.Variant variant) {
		return variant.files().stream().filter(f -> f.outcome() == OutputWriter.Outcome.REMOVED)
				.map(OutputWriter.FileOutcome::path).sorted().toList();
	}

	private static Set<String> filesUnder(Path root) throws Exception {
		try (Stream<Path> paths = Files.walk(root)) {
			return paths.filter(Files::isRegularFile).map(path -> root.relativize(path).toString().replace('\\', '/'))
					.collect(Collectors.toCollection(TreeSet::new));
		}
	}

	private static Path write(Path file, String text) throws Exception {
		Files.createDirectories(file.getParent());
		Files.writeString(file, text);
		return file;
	}

	private static String sha256(String text) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
	}

	private static String tiny() throws Exception {
		return Files.readString(TestPaths.goldenModels().resolve(TINY));
	}
}
