package org.raftforge.generator.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.raftforge.dsl.raft.Cluster;
import org.raftforge.generator.ClusterGenerator;
import org.raftforge.generator.GenerationReport;

/**
 * The runtime's log arena has 30-bit ring positions: a model whose log needs far more than the old 16-bit limit
 * (64 KiB) gets the arena it asks for, and the variant compiles natively with the runtime's own static checks.
 */
class LargeLogTest {

	@Test
	void aLogArenaAbove64KiBIsGeneratedUncappedAndCompiles() throws Exception {
		// 2048 entries x 512 B / 4 = 256 KiB of arena (it was cut to 65534 B before)
		String text = Files.readString(TestPaths.goldenModels().resolve("tiny.raft"))
				.replace("max-log-entries 128", "max-log-entries 2048")
				.replace("max-entry-size 256 B", "max-entry-size 512 B")
				// the in-memory variant's native store keeps two images of the whole log (2 x 2048 x 536 B)
				.replace("budget 512 KiB", "budget 3 MiB");
		Path models = TestPaths.freshWorkDirectory("large-log-model");
		Cluster cluster = TestModels.loadText(models, "tiny.raft", text);
		Path out = TestPaths.freshWorkDirectory("large-log-out");
		GenerationReport report = new ClusterGenerator().generate(cluster, models.resolve("tiny.raft"), out,
				List.of("rings_in_ram"));
		Path variant = report.variants().get(0).directory();
		String header = Files.readString(variant.resolve("cluster_config.h"));
		assertTrue(header.contains("#define RAFT_LOG_ARENA_SIZE 262144\n"), header);

		Make.Result make = Make.native_(variant);
		assertEquals(0, make.exitCode(), "make native failed:\n" + make.output());
		assertTrue(Files.isExecutable(variant.resolve("build/native/node")));
		System.out.printf(Locale.ROOT, "large log (arena 256 KiB): make native %.2f s%n", make.seconds());
	}
}
