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
	void theLineTableSplitsTheCodeByOriginInlinedCodeIncluded() {
		List<FirmwareSizes.Part> parts = FirmwareSizes.parts("""

				build/firmware/node.elf:     file format elf32-littlearm

				Contents of the .debug_line section:

				<artificial>:
				File name                            Line number    Starting address    View    Stmt

				runtime/src/raft_codec.c:
				raft_codec.c                                  47                0xc0               x
				raft_codec.c                                  48                0xc4       1       x
				raft_codec.c                                   -                0xd0
				firmware_main.c:
				firmware_main.c                              162              0x5fa0               x
				runtime/src/raft_server.c:
				raft_server.c                                300              0x5fb0               x
				runtime/ports/mps2/src/mps2_uart.c:
				mps2_uart.c                                   80              0x5fc8       1
				./firmware_main.c:[++]
				firmware_main.c                              170              0x5fd0               x
				firmware_main.c                                -              0x6000
				/root/.cache/raftforge/lwip-2.1.3/src/core/udp.c:
				udp.c                                        210              0x7000               x
				udp.c                                          -              0x7100
				/build/gcc/libgcc/libgcc2.c:
				libgcc2.c                                   1290              0x8000
				libgcc2.c                                      -              0x8020
				memcpy-armv7m.S:
				memcpy-armv7m.S                               60              0x8020
				memcpy-armv7m.S                                -              0x8040
				""");
		// raft_codec: 0xd0 - 0xc0; main: 0x10 + 0x30; raft_server inlined into main: 0x18; mps2_uart inlined: 8
		assertEquals(List.of(new FirmwareSizes.Part("mps2 port", 8), new FirmwareSizes.Part("lwIP", 0x100),
				new FirmwareSizes.Part("Raft runtime", 0x10 + 0x18), new FirmwareSizes.Part("generated wiring", 0x40),
				new FirmwareSizes.Part("C library", 0x40)), parts);
	}

	@Test
	void originsFromTheSourcePaths() {
		assertEquals("mps2 port", FirmwareSizes.origin("runtime/ports/mps2/include/mps2/mps2_board.h"));
		assertEquals("Raft runtime", FirmwareSizes.origin("runtime/include/raft/raft_storage.h"));
		assertEquals("lwIP", FirmwareSizes.origin("/work/main/runtime/third_party/lwip/src/core/pbuf.c"));
		assertEquals("generated wiring", FirmwareSizes.origin("cluster_config.c"));
		assertEquals("mps2 port", FirmwareSizes.origin("mps2_uart.c"));
		assertEquals("Raft runtime", FirmwareSizes.origin("raft_log.h"));
		assertEquals("C library", FirmwareSizes.origin("strlen-armv7.S"));
		assertEquals("other", FirmwareSizes.origin("<artificial>"));
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
		List<String> lines = new FirmwareSizes(52132, 16384, 8, 32420,
				List.of(new FirmwareSizes.Part("Raft runtime", 30000), new FirmwareSizes.Part("lwIP", 2132)), List.of())
				.report(1, 13600);
		assertEquals("firmware per node: flash 50.9 KB, RAM 47.7 KB (stack 16.0 KB, of which 13.3 KB never used + "
				+ "data 0.0 KB + bss 31.7 KB), no heap", lines.get(0));
		assertEquals("goal per node: flash <= 40.0 KB: missed by 10.9 KB; RAM <= 48.0 KB: met (0.3 KB to spare)",
				lines.get(1));
		assertEquals("  Raft runtime (code)                    30000", lines.get(3));
		assertEquals("  constants, strings, .data, vectors     20000", lines.get(5));
	}
}
