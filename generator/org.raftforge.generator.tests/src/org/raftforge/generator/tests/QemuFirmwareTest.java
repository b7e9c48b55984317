package org.raftforge.generator.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.raftforge.dsl.raft.Cluster;
import org.raftforge.dsl.sizing.ResourceEstimator;
import org.raftforge.generator.ClusterGenerator;
import org.raftforge.generator.GenerationReport;
import org.raftforge.generator.PlanProblemsException;
import org.raftforge.generator.ProblemLocation;
import org.raftforge.generator.output.GraphvizRenderer;
import org.raftforge.generator.plan.Capacities;
import org.raftforge.generator.plan.FirmwarePlan;
import org.raftforge.generator.plan.VariantPlan;

/**
 * The QEMU target: the firmware plan of the seed, its located problems, launch.json's {@code targets.qemu}, every
 * QEMU variant of every model built with {@code make firmware} (arm-none-eabi-gcc, newlib-nano, -Werror; sizes and
 * times printed), and run-qemu.sh driving a real cluster on QEMU by hand. The QEMU launches through the launcher are
 * tested in raftforge-cli.
 */
class QemuFirmwareTest {

	private static final ClusterGenerator GENERATOR = new ClusterGenerator(
			new GraphvizRenderer("raftforge-tests-no-graphviz"));

	private static VariantPlan seedPlan(String variant) throws PlanProblemsException {
		Path model = TestPaths.examples().resolve("metal/metal.raft");
		return GENERATOR.plan(TestModels.load(model), "metal.raft", List.of(variant)).get(0);
	}

	@Test
	void theSeedsUdpFirmwareIsSizedFromTheModel() throws Exception {
		FirmwarePlan firmware = seedPlan("semihosting_udp").firmware();
		assertEquals(FirmwarePlan.Image.ONE_NODE, firmware.image());
		assertEquals(4L * 1024 * 1024, firmware.flashBytes()); // flash 4 MiB of target board
		assertEquals(48L * 1024, firmware.ramBytes()); // memory budget 48 KiB, one node per image
		assertEquals(4L * 1024, firmware.stackBytes()); // memory stack 4 KiB
		assertEquals(seedPlan("semihosting_udp").capacities().controlLineMax(), firmware.uartLineMax());
		assertEquals("", firmware.storageDirectory()); // directory "." = QEMU's working directory
		FirmwarePlan.Network net = firmware.network();
		assertEquals(1472, net.maxDatagram()); // RAFT_MAX_FRAME_SIZE: one Ethernet frame
		assertEquals(4096, net.rxBufferBytes()); // receive-buffer 4 KiB
		assertEquals(256, net.poolBufferBytes()); // 4096 / queue-depth 16
		assertEquals(16, net.rxQueue());
		assertEquals(1, net.txQueue());
		assertEquals(4, net.arpEntries()); // the other four nodes
		assertArrayEquals(new int[] { 255, 255, 255, 0 }, net.netmask()); // 10.0.0.0/24
	}

	@Test
	void theSeedsChannelImageHoldsEveryNode() throws Exception {
		FirmwarePlan firmware = seedPlan("memory_channel").firmware();
		assertEquals(FirmwarePlan.Image.ALL_NODES, firmware.image());
		assertEquals(5L * 48 * 1024, firmware.ramBytes()); // 5 nodes x budget, within ram 4 MiB
		assertNull(firmware.network());
	}

	@Test
	void aNativeVariantHasNoFirmwareAndNoQemuSection() throws Exception {
		Path model = TestPaths.examples().resolve("trio/trio.raft");
		Cluster cluster = TestModels.load(model);
		for (VariantPlan plan : GENERATOR.plan(cluster, "trio.raft", List.of())) {
			assertNull(plan.firmware(), plan.variantName());
			assertTrue(GENERATOR.render(plan).stream().noneMatch(f -> f.path().equals("firmware_main.c")));
			Map<String, Object> targets = MiniJson.object(launch(plan).get("targets"));
			assertFalse(targets.containsKey("qemu"), plan.variantName());
		}
	}

	@Test
	void aSemihostingDirectoryOutsideQemusWorkingDirectoryIsLocated() throws Exception {
		String text = Files.readString(TestPaths.goldenModels().resolve("board.raft"));
		Path models = TestPaths.freshWorkDirectory("qemu-plan-problems");
		String outside = text.replace("storage semihosting disk { directory \".\" }",
				"storage semihosting disk { directory \"../elsewhere\" }");
		Cluster cluster = TestModels.loadText(models, "board.raft", outside);
		PlanProblemsException e = assertThrows(PlanProblemsException.class,
				() -> GENERATOR.plan(cluster, "board.raft", List.of("lan_disk")));
		String line = ProblemLocation.format("board.raft", e.problems().get(0));
		assertTrue(line.startsWith("board.raft:" + lineOf(outside, "../elsewhere") + ":"), line);
		assertTrue(line.contains("semihosting directory \"../elsewhere\" leaves QEMU's working directory"), line);

		String tooLong = text.replace("storage semihosting disk { directory \".\" }",
				"storage semihosting disk { directory \"a-directory-name-longer-than-31-characters\" }");
		PlanProblemsException e2 = assertThrows(PlanProblemsException.class, () -> GENERATOR
				.plan(TestModels.loadText(models, "board2.raft", tooLong), "board2.raft", List.of("bus_disk")));
		assertTrue(e2.problems().get(0).message().contains("is 42 characters; the board's file ops take at most 31"),
				e2.problems().get(0).message());
	}

	@Test
	void launchJsonDescribesOneQemuPerNodeAndTheHub() throws Exception {
		Map<String, Object> qemu = MiniJson.object(MiniJson.object(launch(seedPlan("semihosting_udp")).get("targets"))
				.get("qemu"));
		assertEquals(List.of("make", "firmware"), MiniJson.object(qemu.get("build")).get("command"));
		Map<String, Object> control = MiniJson.object(qemu.get("control"));
		assertEquals("uart-socket", control.get("kind"));
		assertEquals(false, control.get("node_prefix"));
		List<Object> processes = MiniJson.array(qemu.get("processes"));
		assertEquals(5, processes.size());
		Map<String, Object> third = MiniJson.object(processes.get(2));
		assertEquals("n3", third.get("name"));
		assertEquals(List.of(3L), third.get("nodes"));
		assertEquals("${run}/node-3.uart", third.get("socket"));
		assertEquals(3L, third.get("hub_port"));
		List<Object> argv = MiniJson.array(third.get("argv"));
		assertEquals(List.of("qemu-system-arm", "-machine", "mps2-an386", "-cpu", "cortex-m4"), argv.subList(0, 5));
		assertTrue(argv.contains("socket,id=uart0,path=${run}/node-3.uart,server=on,wait=on"), argv.toString());
		assertTrue(argv.contains("enable=on,target=native,chardev=semihost0,arg=node=3"), argv.toString());
		assertTrue(argv.contains("${out}/build/firmware/node.elf"), argv.toString());
		assertTrue(argv.contains("dgram,id=eth0,local.type=unix,local.path=${run}/node-3.sock,remote.type=unix,"
				+ "remote.path=${run}/hub-3.sock"), argv.toString());
		assertTrue(argv.contains("nic,netdev=eth0,model=lan9118,macaddr=02:00:00:00:00:03"), argv.toString());
		Map<String, Object> hub = MiniJson.object(qemu.get("hub"));
		assertEquals(List.of("${out}/build/host/ethhub", "--ports", "5", "--dir", "${run}", "--seed", "1"),
				hub.get("argv"));
		assertEquals("ready ports=5", hub.get("ready_line"));

		Map<String, Object> image = MiniJson.object(MiniJson.object(launch(seedPlan("semihosting_channel"))
				.get("targets")).get("qemu"));
		assertEquals(true, MiniJson.object(image.get("control")).get("node_prefix"));
		List<Object> one = MiniJson.array(image.get("processes"));
		assertEquals(1, one.size());
		assertEquals(List.of(1L, 2L, 3L, 4L, 5L), MiniJson.object(one.get(0)).get("nodes"));
		assertFalse(image.containsKey("hub"));
		assertFalse(MiniJson.array(MiniJson.object(one.get(0)).get("argv")).stream()
				.anyMatch(arg -> arg.toString().startsWith("dgram")));
	}

	@Test
	void theSeedsLwipPoolIsTheOneTheEstimateCounts() throws Exception {
		Path model = TestPaths.examples().resolve("metal/metal.raft");
		Cluster cluster = TestModels.load(model);
		for (VariantPlan plan : GENERATOR.plan(cluster, "metal.raft", List.of())) {
			FirmwarePlan.Network net = plan.firmware().network();
			long lwip = plan.memoryEstimate().networkStack();
			if (net == null) {
				assertEquals(0, lwip, plan.variantName());
				continue;
			}
			// pbuf pool: 16 pieces of 256 B behind a 16 B pbuf each; one TX block (1544 B + helper); 2 reference
			// pbufs, a UDP PCB, lwIP's globals, struct mps2_net with a neighbour per peer
			assertEquals(256, net.poolBufferBytes());
			assertEquals(1, net.txQueue());
			assertEquals((16 * (16 + 256) + 3) + (1548 + 3) + 35 + 35 + 64 + 120 + 12 * net.arpEntries(), lwip,
					plan.variantName());
		}
	}

	@Test
	void theEstimateSizesWhatTheGeneratorEmits() throws Exception {
		for (Path model : TestModels.examples()) {
			Cluster cluster = TestModels.load(model);
			for (VariantPlan plan : GENERATOR.plan(cluster, model.getFileName().toString(), List.of())) {
				Capacities c = plan.capacities();
				assertEquals(c.controlLineMax(), ResourceEstimator.controlLineBytes(cluster), plan.toString());
				assertEquals(c.maxSessions(), ResourceEstimator.MAX_SESSIONS, plan.toString());
				assertEquals(c.maxPending(), ResourceEstimator.MAX_PENDING, plan.toString());
				assertEquals(c.kvMaxKeys(), ResourceEstimator.KV_MAX_KEYS, plan.toString());
			}
		}
	}

	static Stream<Path> qemuModels() throws Exception {
		List<Path> models = new ArrayList<>();
		for (Path model : Stream.concat(TestModels.examples().stream(), TestModels.goldenModels().stream()).toList()) {
			if (GENERATOR.plan(TestModels.load(model), model.getFileName().toString(), List.of()).stream()
					.anyMatch(plan -> plan.firmware() != null)) {
				models.add(model);
			}
		}
		return models.stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("qemuModels")
	void everyQemuVariantBuildsItsFirmware(Path model) throws Exception {
		Cluster cluster = TestModels.load(model);
		Path out = TestPaths.freshWorkDirectory("firmware-" + cluster.getName());
		GenerationReport report = GENERATOR.generate(cluster, model, out, List.of());
		for (GenerationReport.Variant variant : report.variants()) {
			VariantPlan plan = GENERATOR.plan(cluster, model.getFileName().toString(), List.of(variant.name())).get(0);
			if (plan.firmware() == null) {
				continue;
			}
			Make.Result make = makeFirmware(variant.directory());
			assertEquals(0, make.exitCode(), cluster.getName() + "/" + variant.name() + ": make firmware failed:\n"
					+ make.output());
			assertFalse(make.output().contains("warning:"), "warnings:\n" + make.output());
			Path image = variant.directory().resolve("build/firmware/node.elf");
			assertTrue(Files.isRegularFile(image));
			assertEquals(plan.transport().isUdp(), Files.isExecutable(variant.directory().resolve("build/host/ethhub")));
			Make.Result size = Make.run(variant.directory(), 30, List.of("arm-none-eabi-size", "build/firmware/node.elf"));
			System.out.printf(Locale.ROOT, "firmware %s/%s (make -j2 firmware, from scratch): %.2f s%n%s",
					cluster.getName(), variant.name(), make.seconds(), size.output());
			RamAgainstEstimate.checkFirmware(variant.directory(), cluster.getName() + "/" + variant.name(),
					plan.memoryEstimate());
		}
	}

	@Test
	void runQemuShDrivesTheSeedClusterByHand() throws Exception {
		Path model = TestPaths.examples().resolve("metal/metal.raft");
		Path out = TestPaths.freshWorkDirectory("run-qemu");
		Path variant = GENERATOR.generate(TestModels.load(model), model, out, List.of("memory_udp")).variants().get(0)
				.directory();
		assertEquals(0, makeFirmware(variant).exitCode());
		Path run = Files.createTempDirectory("rf-runq");
		ProcessBuilder builder = new ProcessBuilder("sh", variant.resolve("run-qemu.sh").toString(), run.toString())
				.redirectErrorStream(true);
		builder.environment().put("LWIP_DIR", lwipDirectory().toString());
		Process script = builder.start();
		BlockingQueue<String> lines = new LinkedBlockingQueue<>();
		Thread reader = new Thread(() -> {
			try (BufferedReader in = new BufferedReader(
					new InputStreamReader(script.getInputStream(), StandardCharsets.UTF_8))) {
				for (String line; (line = in.readLine()) != null;) {
					lines.add(line);
				}
			} catch (IOException e) {
				lines.add("(reader: " + e + ")");
			}
		});
		reader.start();
		List<String> seen = new ArrayList<>();
		try {
			try (OutputStream in = script.getOutputStream()) {
				assertNotNull(waitFor(lines, seen, "[node-3] event leader", 20), String.join("\n", seen));
				in.write("3 s1 status\n".getBytes(StandardCharsets.US_ASCII));
				in.flush();
				String status = waitFor(lines, seen, "[node-3] s1 status id=3", 10);
				assertNotNull(status, String.join("\n", seen));
				in.write("hub stats 3\n".getBytes(StandardCharsets.US_ASCII));
				in.flush();
				assertNotNull(waitFor(lines, seen, "port 3 ", 10), String.join("\n", seen));
			} // end of input: the script sends shutdown to every node and waits
			assertTrue(script.waitFor(30, TimeUnit.SECONDS), "run-qemu.sh did not stop");
			reader.join(5000);
			for (int id = 1; id <= 5; id++) {
				String console = Files.readString(run.resolve("node-" + id + ".semihost.log"));
				assertTrue(console.contains("commit-latency"), "node " + id + " did not stop cleanly: " + console);
			}
		} finally {
			script.descendants().forEach(ProcessHandle::destroyForcibly); // QEMUs and the hub, also on failure
			script.destroyForcibly();
		}
		TestPaths.deleteTree(run);
	}

	/** make -j2 firmware, with lwIP shared from the repository's runtime/third_party (fetched there when missing). */
	static Make.Result makeFirmware(Path variantDirectory) throws IOException, InterruptedException {
		return Make.run(variantDirectory, 600, List.of("make", "-j2", "--no-print-directory", "firmware",
				"LWIP_DIR=" + lwipDirectory()));
	}

	static Path lwipDirectory() {
		return TestPaths.runtime().resolve("third_party/lwip");
	}

	private static String waitFor(BlockingQueue<String> lines, List<String> seen, String prefix, int seconds)
			throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		for (long left; (left = deadline - System.nanoTime()) > 0;) {
			String line = lines.poll(left, TimeUnit.NANOSECONDS);
			if (line == null) {
				return null;
			}
			seen.add(line);
			if (line.startsWith(prefix)) {
				return line;
			}
		}
		return null;
	}

	private static Map<String, Object> launch(VariantPlan plan) {
		return MiniJson.object(MiniJson.parse(GENERATOR.render(plan).stream()
				.filter(file -> file.path().equals("launch.json")).findFirst().orElseThrow().contentAsText()));
	}

	private static int lineOf(String text, String fragment) {
		int at = text.indexOf(fragment);
		return (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
	}
}
