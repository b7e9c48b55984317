package org.raftforge.dsl.tests;

import static org.raftforge.dsl.tests.Models.base;

import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
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
}
