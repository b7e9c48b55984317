package org.raftforge.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading what a firmware image takes and what a node reported, from the tools' and the firmware's own output (lines
 * copied from a build and a run of the seed's semihosting_udp firmware).
 */
class FirmwareSizesTest {

	@TempDir
	Path temp;

	@Test
	void sectionsOfSizeDashA() {
		Map<String, Long> sections = FirmwareSizes.sections("""
				build/firmware/node.elf  :
				section             size        addr
				.vectors             192           0
				.text              51924         192
				.ARM.exidx             8       52116
				.stack             16384   536870912
				.data                  8   536887296
				.bss               32420   536887304
				.debug_info       187626           0
				Total             564109
				""");
		assertEquals(192L, sections.get(".vectors"));
		assertEquals(51924L, sections.get(".text"));
		assertEquals(16384L, sections.get(".stack"));
		assertEquals(32420L, sections.get(".bss"));
		assertTrue(!sections.containsKey("Total"));
	}

	@Test
	void theLinkMapSplitsTheImageByOrigin() {
		List<FirmwareSizes.Part> parts = FirmwareSizes.parts(List.of(
				" .text          0x00000000       0x10 build/firmware/obj/runtime/src/raft_core.o", // before the map: skipped
				"Linker script and memory map",
				" .text.raft_core_step",
				"                0x000018f0      0x292 build/firmware/obj/runtime/src/raft_core.o",
				"                0x000018f0                raft_core_step",
				" .text.udp_input",
				"                0x00009c0c      0x19c build/firmware/obj/lwip/udp.o",
				" .text.mps2_uart_write",
				"                0x00008000       0x40 build/firmware/obj/runtime/ports/mps2/src/mps2_uart.o",
				" .text.unused_function",
				"                0x00000000       0x80 build/firmware/obj/runtime/src/raft_kv.o", // discarded
				" .text          0x0000b018      0x134 /usr/lib/gcc/arm-none-eabi/12.2.1/../../../arm-none-eabi/lib/"
						+ "thumb/v7e-m+fp/hard/libc_nano.a(lib_a-memcpy.o)",
				" .bss.server    0x200041b8     0x59e0 build/firmware/obj/firmware_main.o",
				" .rodata.raft_servers_dispatch_line.str1.1",
				"                0x00009000       0x30 build/firmware/obj/runtime/src/raft_server.o", // merged strings
				" .data.random_state",
				"                0x20004000        0x4 build/firmware/obj/runtime/ports/mps2/src/mps2_net.o"));
		assertEquals(List.of(new FirmwareSizes.Part("mps2 port", 0x40, 4, 0),
				new FirmwareSizes.Part("lwIP", 0x19c, 0, 0), new FirmwareSizes.Part("Raft runtime", 0x292, 0, 0),
				new FirmwareSizes.Part("generated wiring", 0, 0, 0x59e0),
				new FirmwareSizes.Part("C library", 0x134, 0, 0)), parts);
	}

	@Test
	void theLargestRamObjectsFromNm() {
		List<FirmwareSizes.Symbol> largest = FirmwareSizes.largestRam("""
				0000ac14 000002bc T __udivmoddi4
				2000a568 00000430 b console
				2000b5ec 000010ff B memp_memory_PBUF_POOL_base
				200041b8 000059e0 b server
				20004000 00000004 d random_state
				""", 3);
		assertEquals(List.of(new FirmwareSizes.Symbol("server", 0x59e0),
				new FirmwareSizes.Symbol("memp_memory_PBUF_POOL_base", 0x10ff),
				new FirmwareSizes.Symbol("console", 0x430)), largest);
	}

	@Test
	void aNodesFiguresFromItsSemihostingConsole() throws Exception {
		Path log = temp.resolve("node-2.semihost.log");
		Files.writeString(log, """
				node 2 (n2) of metal/semihosting_udp: udp 10.0.0.2:9002 mac 02:00:00:00:00:02, storage ./raft_node_2_*.bin
				commit-latency writes=630 p50_us=1088 p90_us=1856 p99_us=7424 max_us=9419 span_us=3912000 untracked=0
				stack reserved=16384 unused=13600
				""");
		NodeFigures figures = NodeFigures.read(log).orElseThrow();
		assertEquals(new NodeFigures(630, 1088, 1856, 7424, 9419, 3912000, 0, 16384, 13600), figures);
		assertEquals(630 / 3.912, figures.commitsPerSecond(), 0.01);
		Path killed = temp.resolve("node-3.semihost.log");
		Files.writeString(killed, "node 3 (n3) of metal/semihosting_udp: udp 10.0.0.3:9003\n");
		assertTrue(NodeFigures.read(killed).isEmpty(), "a node killed before it stopped reports nothing");
		assertTrue(NodeFigures.read(temp.resolve("absent.log")).isEmpty());
	}

	@Test
	void theReportSaysWhereTheGoalsAreMissedAndWhy() {
		List<String> lines = new FirmwareSizes(52132, 16384, 8, 32420, List.of(), List.of()).report(1, 13600);
		assertEquals("firmware per node: flash 50.9 KB, RAM 47.7 KB (stack 16.0 KB, of which 13.3 KB never used + "
				+ "data 0.0 KB + bss 31.7 KB), no heap", lines.get(0));
		assertEquals("goal per node: flash <= 40.0 KB: missed by 10.9 KB; RAM <= 48.0 KB: met (0.3 KB to spare)",
				lines.get(1));
	}
}
