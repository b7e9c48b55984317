package org.raftforge.generator.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.raftforge.dsl.raft.Cluster;
import org.raftforge.generator.ClusterGenerator;
import org.raftforge.generator.output.GeneratedFile;
import org.raftforge.generator.output.GraphvizRenderer;
import org.raftforge.generator.output.RuntimeSources;
import org.raftforge.generator.plan.VariantPlan;

/**
 * The generated files of the small models in golden/models match golden/expected/&lt;cluster&gt;/&lt;variant&gt;/
 * byte for byte (the runtime copy is checked by RuntimeCopyTest, the SVG depends on the installed Graphviz).
 * After an intended change, regenerate the expected files and review them with git diff:
 * {@code ./mvnw -B -o -pl target-platform,dsl/org.raftforge.dsl,generator/org.raftforge.generator,generator/org.raftforge.generator.tests verify -Draftforge.updateGolden=true}
 * (see golden/README.md).
 */
class GoldenFilesTest {

	static Stream<Path> models() throws IOException {
		return TestModels.goldenModels().stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("models")
	void generatedFilesMatchTheGoldenFiles(Path model) throws Exception {
		Cluster cluster = TestModels.load(model);
		ClusterGenerator generator = new ClusterGenerator(new GraphvizRenderer("raftforge-tests-no-graphviz"));
		for (VariantPlan plan : generator.plan(cluster, model.getFileName().toString(), List.of())) {
			List<GeneratedFile> files = generator.render(plan).stream()
					.filter(file -> !file.path().startsWith(RuntimeSources.OUTPUT_FOLDER)).toList();
			Path expected = TestPaths.goldenExpected().resolve(plan.clusterName()).resolve(plan.variantName());
			if (TestPaths.updateGolden()) {
				rewrite(expected, files);
			} else {
				compare(expected, files);
			}
		}
	}

	private static void rewrite(Path expected, List<GeneratedFile> files) throws IOException {
		TestPaths.deleteTree(expected);
		for (GeneratedFile file : files) {
			Path target = expected.resolve(file.path());
			Files.createDirectories(target.getParent());
			Files.write(target, file.content());
		}
	}

	private static void compare(Path expected, List<GeneratedFile> files) throws IOException {
		TreeSet<String> expectedPaths = new TreeSet<>();
		try (Stream<Path> paths = Files.walk(expected)) {
			paths.filter(Files::isRegularFile).forEach(path -> expectedPaths.add(expected.relativize(path).toString()));
		}
		TreeSet<String> actualPaths = new TreeSet<>(files.stream().map(GeneratedFile::path).toList());
		assertEquals(expectedPaths, actualPaths, "the files generated into " + expected.getFileName()
				+ " differ from the golden ones; " + howToUpdate());
		for (GeneratedFile file : files) {
			String want = Files.readString(expected.resolve(file.path()), StandardCharsets.UTF_8);
			String got = file.contentAsText();
			if (!want.equals(got)) {
				fail(expected.resolve(file.path()) + " differs from the generated file:\n" + firstDifference(want, got)
						+ "\n" + howToUpdate());
			}
		}
	}

	/** The first differing line with two lines of context, as "-expected" / "+generated". */
	static String firstDifference(String want, String got) {
		String[] a = want.split("\n", -1);
		String[] b = got.split("\n", -1);
		int line = 0;
		while (line < a.length && line < b.length && a[line].equals(b[line])) {
			line++;
		}
		StringBuilder diff = new StringBuilder("first difference at line " + (line + 1) + ":\n");
		for (int i = Math.max(0, line - 2); i < line; i++) {
			diff.append("  ").append(a[i]).append('\n');
		}
		for (int i = line; i < Math.min(a.length, line + 3); i++) {
			diff.append("- ").append(a[i]).append('\n');
		}
		for (int i = line; i < Math.min(b.length, line + 3); i++) {
			diff.append("+ ").append(b[i]).append('\n');
		}
		return diff.toString();
	}

	private static String howToUpdate() {
		return "if the change is intended, regenerate the golden files with -Draftforge.updateGolden=true "
				+ "and review them with git diff (generator/org.raftforge.generator.tests/golden/README.md)";
	}
}
