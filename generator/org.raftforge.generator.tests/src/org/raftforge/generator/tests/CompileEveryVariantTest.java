package org.raftforge.generator.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.raftforge.dsl.raft.Cluster;
import org.raftforge.generator.ClusterGenerator;
import org.raftforge.generator.GenerationReport;
import org.raftforge.generator.plan.VariantPlan;

/**
 * Every variant of every example (and of the golden models) is generated and compiled for the native target with
 * gcc, C11, -Wall -Wextra -Werror (the generated Makefile's flags). Prints the generation time per model and the
 * compile time per variant (make -j2, from scratch). For native variants, the program's RAM (data + bss + the model's
 * stack) is held to the DSL's memory estimate (RamAgainstEstimate).
 */
class CompileEveryVariantTest {

	static Stream<Path> models() throws IOException {
		return Stream.concat(TestModels.examples().stream(), TestModels.goldenModels().stream());
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("models")
	void everyVariantCompilesNatively(Path model) throws Exception {
		Cluster cluster = TestModels.load(model);
		Path out = TestPaths.freshWorkDirectory("compile-" + cluster.getName());
		ClusterGenerator generator = new ClusterGenerator();
		GenerationReport first = generator.generate(cluster, model, out, List.of());
		GenerationReport again = generator.generate(cluster, model, out, List.of());
		System.out.printf(Locale.ROOT, "generate %s: %d variants in %.1f ms (again, nothing to write: %.1f ms)%n",
				model.getFileName(), first.variants().size(), first.nanos() / 1e6, again.nanos() / 1e6);
		assertEquals(cluster.getVariants().size(), first.variants().size());
		for (GenerationReport.Variant variant : first.variants()) {
			Make.Result make = Make.native_(variant.directory());
			assertEquals(0, make.exitCode(), cluster.getName() + "/" + variant.name()
					+ ": make native failed:\n" + make.output());
			assertTrue(Files.isExecutable(variant.directory().resolve("build/native/node")));
			assertTrue(!make.output().contains("warning:"), "warnings:\n" + make.output());
			System.out.printf(Locale.ROOT, "compile %s/%s (native, make -j2, from scratch): %.2f s%n",
					cluster.getName(), variant.name(), make.seconds());
			VariantPlan plan = generator.plan(cluster, model.getFileName().toString(), List.of(variant.name())).get(0);
			if (plan.firmware() == null) { // a QEMU variant's native build is a test build: its estimate is the board's
				RamAgainstEstimate.checkNative(variant.directory(), cluster.getName() + "/" + variant.name(),
						plan.memoryEstimate());
			}
		}
	}
}
