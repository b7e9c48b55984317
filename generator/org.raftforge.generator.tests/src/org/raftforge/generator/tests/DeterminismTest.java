package org.raftforge.generator.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.raftforge.dsl.raft.Cluster;
import org.raftforge.generator.ClusterGenerator;
import org.raftforge.generator.GenerationReport;
import org.raftforge.generator.output.OutputWriter;

/** Same model, same bytes; a second generation rewrites nothing; a model change rewrites only what it changes. */
class DeterminismTest {

	@Test
	void twoGenerationsGiveTheSameBytes() throws Exception {
		Path model = TestPaths.examples().resolve("metal/metal.raft");
		Path a = TestPaths.freshWorkDirectory("determinism-a");
		Path b = TestPaths.freshWorkDirectory("determinism-b");
		new ClusterGenerator().generate(TestModels.load(model), model, a, List.of());
		new ClusterGenerator().generate(TestModels.load(model), model, b, List.of());
		Map<Path, byte[]> first = contents(a);
		Map<Path, byte[]> second = contents(b);
		assertEquals(first.keySet(), second.keySet());
		for (Path file : first.keySet()) {
			assertArrayEquals(first.get(file), second.get(file), file.toString());
		}
	}

	@Test
	void unchangedFilesAreNotRewritten() throws Exception {
		Path model = TestPaths.goldenModels().resolve("tiny.raft");
		Path out = TestPaths.freshWorkDirectory("determinism-rewrite");
		Cluster cluster = TestModels.load(model);
		ClusterGenerator generator = new ClusterGenerator();
		GenerationReport first = generator.generate(cluster, model, out, List.of());
		Map<Path, FileTime> times = modificationTimes(out);
		Thread.sleep(20);
		GenerationReport second = generator.generate(cluster, model, out, List.of());
		for (GenerationReport.Variant variant : second.variants()) {
			assertEquals(0, variant.written(), variant.name());
			assertEquals(first.variants().get(0).files().size(), variant.files().size());
		}
		assertEquals(times, modificationTimes(out));
	}

	@Test
	void aModelChangeRewritesOnlyTheFilesItChanges() throws Exception {
		Path out = TestPaths.freshWorkDirectory("determinism-change");
		String text = Files.readString(TestPaths.goldenModels().resolve("tiny.raft"));
		Path before = TestPaths.freshWorkDirectory("determinism-change-model-1");
		Path after = TestPaths.freshWorkDirectory("determinism-change-model-2");
		ClusterGenerator generator = new ClusterGenerator();
		generator.generate(TestModels.loadText(before, "tiny.raft", text), before.resolve("tiny.raft"), out,
				List.of("files"));
		String slower = text.replace("heartbeat 50ms", "heartbeat 60ms");
		GenerationReport report = generator.generate(TestModels.loadText(after, "tiny.raft", slower),
				after.resolve("tiny.raft"), out, List.of("files"));
		List<String> written = report.variants().get(0).files().stream()
				.filter(file -> file.outcome() == OutputWriter.Outcome.WRITTEN).map(OutputWriter.FileOutcome::path)
				.sorted().toList();
		// the heartbeat lives in cluster_config.c and is quoted by launch.json and the README
		assertEquals(List.of("README.md", "cluster_config.c", "launch.json"), written);
	}

	private static Map<Path, byte[]> contents(Path root) throws Exception {
		Map<Path, byte[]> files = new TreeMap<>();
		try (Stream<Path> paths = Files.walk(root)) {
			for (Path path : paths.filter(Files::isRegularFile).toList()) {
				files.put(root.relativize(path), Files.readAllBytes(path));
			}
		}
		return files;
	}

	private static Map<Path, FileTime> modificationTimes(Path root) throws Exception {
		Map<Path, FileTime> times = new TreeMap<>();
		try (Stream<Path> paths = Files.walk(root)) {
			for (Path path : paths.filter(Files::isRegularFile).toList()) {
				times.put(root.relativize(path), Files.getLastModifiedTime(path));
			}
		}
		return times;
	}
}
