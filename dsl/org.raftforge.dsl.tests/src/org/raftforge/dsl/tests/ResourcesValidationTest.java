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
		// semihosting_udp (QEMU, UDP): 36864 + 7904 + 16384 + 12288 + 672 + 4096 = 78208 B
		Issue issue = checker.assertError(base("budget 128 KiB", "budget [[64 KiB]]"),
				RaftIssueCodes.MEMORY_BUDGET_TOO_SMALL, "12672 B short for variant semihosting_udp",
				"78208 B", "log 36864 + transport 7904 + stack 16384 + network stack 12288 + core state 672 + "
						+ "state machine 4096",
				"at least 77 KiB");
		assertArrayEquals(new String[] { "77 KiB" }, issue.getData());
		checker.assertNoIssue(base("budget 128 KiB", "budget 78208 B"), RaftIssueCodes.MEMORY_BUDGET_TOO_SMALL);
	}

	@Test
	void memoryBudgetCountsOnlyTheVariantsOwnParts() {
		// native_udp has no lwIP: 78208 - 12288 = 65920 B (with lwIP it would need 78208 B);
		// memory_channel: 36864 + 10360 + 16384 + 672 + 4096 = 68376 B, the larger of the two
		String onlyNative = base("  default variant semihosting_udp { storage disk transport ethernet target board }\n",
				"");
		checker.assertNoIssue(edit(onlyNative, "budget 128 KiB", "budget 68376 B"),
				RaftIssueCodes.MEMORY_BUDGET_TOO_SMALL);
		checker.assertError(edit(onlyNative, "budget 128 KiB", "budget [[68375 B]]"),
				RaftIssueCodes.MEMORY_BUDGET_TOO_SMALL, "1 B short for variant memory_channel");
		// only memory_channel is short: native_udp fits without lwIP
		assertEquals(1, checker.issues(edit(onlyNative, "budget 128 KiB", "budget 68375 B")).stream()
				.filter(issue -> RaftIssueCodes.MEMORY_BUDGET_TOO_SMALL.equals(issue.getCode())).count());
	}

	@Test
	void memoryBudgetLargerThanTheTargetRam() {
		checker.assertError(base("budget 128 KiB", "budget [[5 MiB]]"), RaftIssueCodes.MEMORY_BUDGET_EXCEEDS_RAM,
				"does not fit the 4 MiB of RAM of target board", "semihosting_udp");
		// five nodes in one image on the channel: 5 x 1 MiB > 4 MiB
		checker.assertError(base("budget 128 KiB", "budget [[1 MiB]]"), RaftIssueCodes.MEMORY_BUDGET_EXCEEDS_RAM,
				"x 5 nodes in one image", "memory_channel", "at most 819 KiB");
		checker.assertNoIssue(base("budget 128 KiB", "budget 819 KiB"), RaftIssueCodes.MEMORY_BUDGET_EXCEEDS_RAM);
	}

	@Test
	void zeroSizes() {
		checker.assertError(base("flash 4 MiB", "flash [[0 B]]"), RaftIssueCodes.VALUE_NOT_POSITIVE, "flash");
		checker.assertError(base("stack 16 KiB", "stack [[0 B]]"), RaftIssueCodes.VALUE_NOT_POSITIVE, "stack");
		checker.assertError(base("capacity 32", "capacity [[0]]"), RaftIssueCodes.VALUE_NOT_POSITIVE, "capacity");
	}
}
