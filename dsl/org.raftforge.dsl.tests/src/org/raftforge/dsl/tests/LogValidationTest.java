package org.raftforge.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.raftforge.dsl.tests.Models.base;

import org.eclipse.xtext.validation.Issue;

import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.raftforge.dsl.sizing.ResourceEstimator;
import org.raftforge.dsl.validation.RaftIssueCodes;

import com.google.inject.Inject;

@ExtendWith(InjectionExtension.class)
@InjectWith(RaftInjectorProvider.class)
class LogValidationTest {

	@Inject
	private ModelChecker checker;

	@Test
	void snapshotThresholdAtOrAboveTheLogCapacity() {
		checker.assertError(base("snapshot-threshold 128 entries", "snapshot-threshold [[256]] entries"),
				RaftIssueCodes.SNAPSHOT_THRESHOLD_TOO_HIGH, "the log fills up before a snapshot", "at most 255");
		checker.assertNoIssue(base("snapshot-threshold 128 entries", "snapshot-threshold 255 entries"),
				RaftIssueCodes.SNAPSHOT_THRESHOLD_TOO_HIGH);
	}

	@Test
	void zeroCounts() {
		checker.assertError(base("snapshot-threshold 128 entries", "snapshot-threshold [[0]] entries"),
				RaftIssueCodes.VALUE_NOT_POSITIVE, "snapshot-threshold");
		checker.assertError(base("max-log-entries 256", "max-log-entries [[0]]"), RaftIssueCodes.VALUE_NOT_POSITIVE,
				"max-log-entries");
		checker.assertError(base("max-entry-size 128 B", "max-entry-size [[0 B]]"), RaftIssueCodes.VALUE_NOT_POSITIVE,
				"max-entry-size");
	}

	@Test
	void logEntriesWithinTheRuntimesSlotRing() {
		Issue few = checker.assertError(base("max-log-entries 256", "max-log-entries [[7]]")
				.replace("snapshot-threshold 128 entries", "snapshot-threshold 4 entries"),
				RaftIssueCodes.LOG_ENTRIES_OUT_OF_RANGE, "max-log-entries 7", "use 8..65535");
		assertArrayEquals(new String[] { "8" }, few.getData());
		checker.assertError(base("max-log-entries 256", "max-log-entries [[65536]]"),
				RaftIssueCodes.LOG_ENTRIES_OUT_OF_RANGE, "use 8..65535");
		checker.assertNoIssue(base("max-log-entries 256", "max-log-entries 65535"),
				RaftIssueCodes.LOG_ENTRIES_OUT_OF_RANGE);
		checker.assertNoIssue(base("max-log-entries 256", "max-log-entries 8")
				.replace("snapshot-threshold 128 entries", "snapshot-threshold 4 entries"),
				RaftIssueCodes.LOG_ENTRIES_OUT_OF_RANGE);
	}

	@Test
	void entrySizeWithinTheRuntimesLimits() {
		// 31 B of command header + a 1-byte key; 5 nodes' membership entry is only 17 B
		Issue small = checker.assertError(base("max-entry-size 128 B", "max-entry-size [[31 B]]"),
				RaftIssueCodes.ENTRY_SIZE_OUT_OF_RANGE, "cannot hold a key-value command", "use at least 32 B");
		assertArrayEquals(new String[] { "32 B" }, small.getData());
		checker.assertError(base("max-entry-size 128 B", "max-entry-size [[16 KiB]]"),
				RaftIssueCodes.ENTRY_SIZE_OUT_OF_RANGE, "16384 B", "14-bit entry lengths", "at most 16383 B");
		checker.assertNoIssue(base("max-entry-size 128 B", "max-entry-size 16383 B"),
				RaftIssueCodes.ENTRY_SIZE_OUT_OF_RANGE);
	}

	@Test
	void aLogOfMoreThan64KiBIsNoLongerLimited() {
		// 4096 entries of 1 KiB: the arena is a quarter of 4 MiB, far beyond the old 16-bit offsets
		String big = base("max-log-entries 256", "max-log-entries 4096").replace("max-entry-size 128 B",
				"max-entry-size 1 KiB");
		assertEquals(1024 * 1024, ResourceEstimator.logArenaBytes(checker.parse(big).getRaft()));
		checker.assertNoIssue(big, RaftIssueCodes.LOG_ARENA_TOO_LARGE);
		checker.assertNoIssue(big, RaftIssueCodes.LOG_ENTRIES_OUT_OF_RANGE);
		checker.assertNoIssue(big, RaftIssueCodes.ENTRY_SIZE_OUT_OF_RANGE);
		// the largest log the ranges allow stays below the 1 GiB arena limit
		String largest = base("max-log-entries 256", "max-log-entries 65535").replace("max-entry-size 128 B",
				"max-entry-size 16383 B");
		assertEquals(65535L * 16383 / 4, ResourceEstimator.logArenaBytes(checker.parse(largest).getRaft()));
		checker.assertNoIssue(largest, RaftIssueCodes.LOG_ARENA_TOO_LARGE);
	}

	@Test
	void aLogArenaBeyondTheRuntimesOneGiB() {
		// 300000 x 16000 B / 4 = 1,200,000,000 B > 1,073,741,824 B (30-bit ring positions)
		String text = base("max-log-entries 256", "max-log-entries [[300000]]").replace("max-entry-size 128 B",
				"max-entry-size 16000 B");
		checker.assertError(text, RaftIssueCodes.LOG_ARENA_TOO_LARGE, "1200000000 B", "1073741824 B",
				"lower max-log-entries to at most 65535 or max-entry-size to at most 14316 B");
	}
}
