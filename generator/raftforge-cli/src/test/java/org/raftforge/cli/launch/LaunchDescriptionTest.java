package org.raftforge.cli.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raftforge.cli.LoadedModel;
import org.raftforge.cli.ModelLoader;
import org.raftforge.generator.ClusterGenerator;

/** launch.json as the generator writes it for the examples, and what the launcher says about broken ones. */
class LaunchDescriptionTest {

	private static final Path EXAMPLES = Paths.get(System.getProperty("raftforge.examples", "../../examples"));

	@TempDir
	static Path out;

	@TempDir
	Path temp;

	private static Path trio;
	private static Path metalChannel;

	@BeforeAll
	static void generate() throws Exception {
		ClusterGenerator generator = new ClusterGenerator();
		ModelLoader loader = new ModelLoader();
		LoadedModel model = loader.load(EXAMPLES.resolve("trio/trio.raft"));
		trio = generator.generate(model.cluster(), model.file(), out, List.of("durable")).variants().get(0).directory()
				.resolve("launch.json");
		LoadedModel metal = loader.load(EXAMPLES.resolve("metal/metal.raft"));
		metalChannel = generator.generate(metal.cluster(), metal.file(), out, List.of("semihosting_channel"))
				.variants().get(0).directory().resolve("launch.json");
	}

	@Test
	void trioOnePerNode() throws Exception {
		LaunchDescription description = LaunchDescription.read(trio);
		assertEquals("trio", description.cluster());
		assertEquals("durable", description.variant());
		assertEquals("native", description.defaultTarget());
		assertEquals(new LaunchDescription.Storage("file", true, "data"), description.storage());
		assertFalse(description.transport().isChannel());
		assertEquals(4, description.nodes().size());
		assertEquals(3, description.voters().size());
		assertEquals("delta", description.nodeName(4));
		assertEquals("node 9", description.nodeName(9));
		assertEquals(new LaunchDescription.WorkloadStep("put", "alpha", "first", null, false),
				description.workload().get(0));
		assertEquals(new LaunchDescription.WorkloadStep("get", "alpha", null, null, true),
				description.workload().get(4));
		assertEquals(new LaunchDescription.WorkloadStep("delete", "alpha", null, null, false),
				description.workload().get(3));
		LaunchDescription.TargetSection target = description.target("native").orElseThrow();
		assertEquals(4, target.processes().size());
		assertEquals(List.of(2L), target.processes().get(1).nodes());
		assertEquals(List.of("${out}/build/native/node", "--node", "2"), target.processes().get(1).argv());
		assertEquals(new LaunchDescription.Endpoint(3, "127.0.0.1", 7103), target.endpoints().get(2));
		assertFalse(target.control().nodePrefix());
		assertTrue(description.target("qemu").isEmpty());
		assertTrue(description.timing().leaderWaitMs() >= description.timing().electionTimeoutMaxMs());
		assertTrue(description.limits().maxValueBytes() >= 256);
	}

	@Test
	void channelVariantIsOneProcessWithPrefixes() throws Exception {
		LaunchDescription description = LaunchDescription.read(metalChannel);
		LaunchDescription.TargetSection target = description.nativeTarget().orElseThrow();
		assertEquals(1, target.processes().size());
		assertEquals(List.of(1L, 2L, 3L, 4L, 5L), target.processes().get(0).nodes());
		assertTrue(target.control().nodePrefix());
		assertTrue(description.transport().isChannel());
		assertTrue(target.endpoints().isEmpty());
	}

	private Path broken(String from, String to) throws IOException {
		String text = Files.readString(trio, StandardCharsets.UTF_8);
		assertTrue(text.contains(from), from);
		Path file = temp.resolve("launch.json");
		Files.writeString(file, text.replace(from, to), StandardCharsets.UTF_8);
		return file;
	}

	private String problem(Path file) {
		return assertThrows(LaunchDescription.InvalidException.class, () -> LaunchDescription.read(file)).getMessage();
	}

	@Test
	void brokenFilesNameTheKeyAndTheFix() throws IOException {
		Path file = broken("\"raftforge-launch/1\"", "\"raftforge-launch/9\"");
		assertEquals(file + ": error: schema is 'raftforge-launch/9', this launcher reads 'raftforge-launch/1'; "
				+ "generate the variant again with this RaftForge", problem(file));
		file = broken("\"leader_wait_ms\"", "\"leader_wait\"");
		assertEquals(file + ": error: timing.leader_wait_ms is missing; generate the variant again", problem(file));
		file = broken("\"port\": 7102", "\"port\": \"7102\"");
		assertEquals(file + ": error: nodes[1].port should be a number", problem(file));
		file = broken("\"nodes\": [ 3 ]", "\"nodes\": [ -3 ]");
		assertEquals(file + ": error: targets.native.processes[2].nodes[0] is negative", problem(file));
		file = broken("\"op\": \"delete\"", "\"op\": \"remove\"");
		assertEquals(file + ": error: workload[3].op is 'remove'; expected put, get or delete", problem(file));
		file = broken("\"targets\": {", "\"targets\": [");
		assertTrue(problem(file).startsWith(file + ": error: not valid JSON ("), problem(file));
		Path missing = temp.resolve("nothing/launch.json");
		assertTrue(problem(missing).startsWith(missing + ": error: cannot read the launch description: "));
	}
}
