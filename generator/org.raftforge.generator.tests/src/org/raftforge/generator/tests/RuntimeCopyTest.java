package org.raftforge.generator.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.raftforge.generator.ClusterGenerator;
import org.raftforge.generator.output.GeneratedFile;
import org.raftforge.generator.output.GraphvizRenderer;
import org.raftforge.generator.output.RuntimeSources;
import org.raftforge.generator.plan.VariantPlan;

/** The runtime a variant builds from is an exact copy of runtime/ (taken when the generator was built). */
class RuntimeCopyTest {

	@Test
	void theCopyIsTheRuntimeByteForByte() throws Exception {
		RuntimeSources runtime = RuntimeSources.load();
		assertTrue(runtime.paths().contains("include/raft/raft_server.h"), runtime.paths().toString());
		assertTrue(runtime.paths().contains("ports/posix/raft_posix_node.c"), runtime.paths().toString());
		for (GeneratedFile file : runtime.filesUnder(List.of(""))) {
			Path original = TestPaths.runtime().resolve(file.path().substring(RuntimeSources.OUTPUT_FOLDER.length()));
			assertArrayEquals(Files.readAllBytes(original), file.content(),
					file.path() + " differs from " + original + ": rebuild the generator bundle");
		}
	}

	@Test
	void aVariantCarriesTheCoreAndOnlyItsPortFolders() throws Exception {
		ClusterGenerator generator = new ClusterGenerator(new GraphvizRenderer("raftforge-tests-no-graphviz"));
		Path model = TestPaths.goldenModels().resolve("tiny.raft");
		VariantPlan plan = generator.plan(TestModels.load(model), "tiny.raft", List.of("files")).get(0);
		List<String> runtimeFiles = generator.render(plan).stream().map(GeneratedFile::path)
				.filter(path -> path.startsWith(RuntimeSources.OUTPUT_FOLDER)).toList();
		long expected = RuntimeSources.load().paths().stream()
				.filter(p -> p.startsWith("include/") || p.startsWith("src/") || p.startsWith("ports/posix/")).count();
		assertEquals(expected, runtimeFiles.size());
		assertTrue(runtimeFiles.stream().noneMatch(path -> path.startsWith("runtime/ports/mps2/")), runtimeFiles.toString());
	}
}
