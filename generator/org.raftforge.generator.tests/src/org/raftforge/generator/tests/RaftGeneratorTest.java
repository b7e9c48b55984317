package org.raftforge.generator.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.eclipse.xtext.generator.GeneratorContext;
import org.eclipse.xtext.generator.IFileSystemAccess;
import org.eclipse.xtext.generator.InMemoryFileSystemAccess;
import org.junit.jupiter.api.Test;
import org.raftforge.dsl.raft.Cluster;
import org.raftforge.generator.ClusterGenerator;
import org.raftforge.generator.RaftGenerator;
import org.raftforge.generator.output.GeneratedFile;
import org.raftforge.generator.plan.VariantPlan;

/** The IGenerator2 entry point (Xtext builders) writes the same files as the plain-Java one, per variant. */
class RaftGeneratorTest {

	@Test
	void theXtextGeneratorWritesEveryVariantsFiles() throws Exception {
		Path model = TestPaths.goldenModels().resolve("tiny.raft");
		Cluster cluster = TestModels.load(model);
		InMemoryFileSystemAccess fsa = new InMemoryFileSystemAccess();
		new RaftGenerator().doGenerate(cluster.eResource(), fsa, new GeneratorContext());
		Map<String, Object> written = fsa.getAllFiles();

		ClusterGenerator generator = new ClusterGenerator();
		int expected = 0;
		for (VariantPlan plan : generator.plan(cluster, "tiny.raft", List.of())) {
			for (GeneratedFile file : generator.render(plan)) {
				String key = IFileSystemAccess.DEFAULT_OUTPUT + "tiny/" + plan.variantName() + "/" + file.path();
				assertTrue(written.containsKey(key), key + " not written; written: " + written.keySet());
				Object content = written.get(key);
				byte[] bytes = content instanceof byte[] b ? b : readAll(content);
				assertArrayEquals(file.content(), bytes, key);
				expected++;
			}
		}
		assertEquals(expected, written.size());
	}

	private static byte[] readAll(Object content) throws Exception {
		if (content instanceof InputStream in) {
			return in.readAllBytes();
		}
		return content.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
	}
}
