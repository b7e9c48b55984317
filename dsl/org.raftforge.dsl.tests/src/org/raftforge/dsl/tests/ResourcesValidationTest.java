package org.raftforge.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.raftforge.dsl.tests.Models.base;
import static org.raftforge.dsl.tests.Models.edit;

import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.raftforge.dsl.validation.RaftIssueCodes;

import com.google.inject.Inject;

/**
 * Buffers and memory. The byte counts in these tests are worked out by hand from the
 * formulas documented in ResourceEstimator, for the base model (5 nodes, 256 entries of
 * at most 128 B, 4 KiB UDP buffer, 16-deep queue, 16 KiB stack):
 * largest frame = 16 + (64 + 4 x 5) + 10 + 128 = 238 B; log = 256 x (16 + 128) = 36864 B;
 * UDP = 4096 + 16 x 238 = 7904 B; channel ring = ceil(32 / 5) x (1472 + 8) = 10360 B; lwIP 12288 B;
 * core = 512 + 5 x 32 = 672 B; key-value table = 32 x 128 = 4096 B.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(RaftInjectorProvider.class)
class ResourcesValidationTest {

	@Inject
	private ModelChecker checker;

	@Test
	void udpBufferSmallerThanTheLargestMessage() {
		Issue issue = checker.assertError(base("receive-buffer 4 KiB", "receive-buffer [[237 B]]"),
				RaftIssueCodes.UDP_BUFFER_TOO_SMALL, "237 B", "largest message these settings allow: 238 B",
				"(frame 16 + header 84 + entry 10 + max-entry-size 128)");
		assertArrayEquals(new String[] { "238" }, issue.getData());
		checker.assertNoIssue(base("receive-buffer 4 KiB", "receive-buffer 238 B"), RaftIssueCodes.UDP_BUFFER_TOO_SMALL);
	}

	@Test
	void channelTooSmallForOneBroadcastRound() {
		checker.assertWarning(base("capacity 32", "capacity [[7]]"), RaftIssueCodes.CHANNEL_TOO_SMALL,
				"one broadcast round of 5 nodes (8 messages", "at least 8");
		checker.assertNoIssue(base("capacity 32", "capacity 8"), RaftIssueCodes.CHANNEL_TOO_SMALL);
	}

	@Test
	void queueTooShallowForTheRepliesToOneBroadcast() {
		checker.assertWarning(base("queue-depth 16", "queue-depth [[3]]"), RaftIssueCodes.QUEUE_TOO_SHALLOW,
				"4 replies", "at least 4");
		checker.assertNoIssue(base("queue-depth 16", "queue-depth 4"), RaftIssueCodes.QUEUE_TOO_SHALLOW);
	}

	@Test
	void memoryBudgetThatCannotHoldANode() {
		// semihosting_udp (QEMU, UDP), term by term as NodeMemory counts the runtime's structures:
		// log 24 + 8 x 256 + arena 8192 = 10264; core 256 + 5 x 72 + 3 x 22 + 16 x 40 + 12 x 64 = 2090;
		// server 156 + 22 + 16 x 80 + 9 x 12 + 2 x 1472 + 1372 + 376 = 6258; kv 32 x 106 + 32 x 32 + 32 = 4448;
		// file storage 356 + 192 + 512 + 1024 + 158 + 2 x 96 = 2434; mps2_udp_transport 44 + 5 x 16 + 16 x 8 = 252;
		// lwIP 4355 + 1551 + 35 + 35 + 64 + 120 + 4 x 12 = 6208; port 1048 + 1280 = 2328; stack 16384: 50666 B
		String breakdown = "log 10264 + core 2090 + server 6258 + state machine 4448 + storage 2434 + transport 252 "
				+ "+ network stack 6208 + port 2328 + stack 16384";
		Issue issue = checker.assertError(base("budget 160 KiB", "budget [[48 KiB]]"),
				RaftIssueCodes.MEMORY_BUDGET_TOO_SMALL, "1514 B short for variant semihosting_udp", "50666 B",
				breakdown, "at least 50 KiB");
		assertArrayEquals(new String[] { "50 KiB" }, issue.getData());
		String boardOnly = base("  variant native_udp { storage hostdisk transport ethernet target host }\n", "");
		checker.assertNoIssue(edit(boardOnly, "budget 160 KiB", "budget 50666 B"),
				RaftIssueCodes.MEMORY_BUDGET_TOO_SMALL);
		checker.assertError(edit(boardOnly, "budget 160 KiB", "budget [[50665 B]]"),
				RaftIssueCodes.MEMORY_BUDGET_TOO_SMALL, "1 B short for variant semihosting_udp");
	}

	@Test
	void aChannelImageSharesItsStackAndPortAmongItsNodes() {
		// memory_channel: per node log 10264 + core 2090 + server 6258 + kv 4448 + memory storage (one image of
		// terms: 24 + 96 + 256 x 8, a snapshot meta, two snapshots of 4451 B, 40) 11206 + ring 7 x 1480 + 52 = 10412
		// = 44678 B; the image adds port 2328 and stack 16384 once: a fifth of them is 3743 B, 48421 B per node
		String channelOnly = edit(edit(
				base("  variant native_udp { storage hostdisk transport ethernet target host }\n", ""),
				"  default variant semihosting_udp { storage disk transport ethernet target board }\n", ""),
				"  variant memory_channel", "  default variant memory_channel");
		checker.assertNoIssue(edit(channelOnly, "budget 160 KiB", "budget 48421 B"),
				RaftIssueCodes.MEMORY_BUDGET_TOO_SMALL);
		checker.assertError(edit(channelOnly, "budget 160 KiB", "budget [[48420 B]]"),
				RaftIssueCodes.MEMORY_BUDGET_TOO_SMALL, "1 B short for variant memory_channel",
				"its share of one image holding all 5 nodes: 242102 B", "port 2328/5 + stack 16384/5");
	}

	@Test
	void memoryBudgetCountsOnlyTheVariantsOwnParts() {
		// native_udp has no lwIP and no console UART, but an LP64 layout, a 16 KiB file write buffer and the native
		// node's 64 KiB output buffer: 134878 B, the largest of the three variants
		checker.assertNoIssue(base("budget 160 KiB", "budget 134878 B"), RaftIssueCodes.MEMORY_BUDGET_TOO_SMALL);
		checker.assertError(base("budget 160 KiB", "budget [[134877 B]]"), RaftIssueCodes.MEMORY_BUDGET_TOO_SMALL,
				"1 B short for variant native_udp", "storage 18874", "port 68108");
		// only native_udp is short: the board variants need far less
		assertEquals(1, checker.issues(base("budget 160 KiB", "budget 134877 B")).stream()
				.filter(issue -> RaftIssueCodes.MEMORY_BUDGET_TOO_SMALL.equals(issue.getCode())).count());
	}

	@Test
	void memoryBudgetLargerThanTheTargetRam() {
		checker.assertError(base("budget 160 KiB", "budget [[5 MiB]]"), RaftIssueCodes.MEMORY_BUDGET_EXCEEDS_RAM,
				"does not fit the 4 MiB of RAM of target board", "semihosting_udp");
		// five nodes in one image on the channel: 5 x 1 MiB > 4 MiB
		checker.assertError(base("budget 160 KiB", "budget [[1 MiB]]"), RaftIssueCodes.MEMORY_BUDGET_EXCEEDS_RAM,
				"x 5 nodes in one image", "memory_channel", "at most 819 KiB");
		checker.assertNoIssue(base("budget 160 KiB", "budget 819 KiB"), RaftIssueCodes.MEMORY_BUDGET_EXCEEDS_RAM);
	}

	@Test
	void zeroSizes() {
		checker.assertError(base("flash 4 MiB", "flash [[0 B]]"), RaftIssueCodes.VALUE_NOT_POSITIVE, "flash");
		checker.assertError(base("stack 16 KiB", "stack [[0 B]]"), RaftIssueCodes.VALUE_NOT_POSITIVE, "stack");
		checker.assertError(base("capacity 32", "capacity [[0]]"), RaftIssueCodes.VALUE_NOT_POSITIVE, "capacity");
	}
}
