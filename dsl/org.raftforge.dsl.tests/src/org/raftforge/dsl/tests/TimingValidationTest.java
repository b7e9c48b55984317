package org.raftforge.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.raftforge.dsl.tests.Models.BASE;
import static org.raftforge.dsl.tests.Models.base;

import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.raftforge.dsl.validation.RaftIssueCodes;

import com.google.inject.Inject;

@ExtendWith(InjectionExtension.class)
@InjectWith(RaftInjectorProvider.class)
class TimingValidationTest {

	@Inject
	private ModelChecker checker;

	@Test
	void electionTimeoutMinimumBelowMaximum() {
		checker.assertError(base("300ms .. 600ms", "600ms .. [[300ms]]"), RaftIssueCodes.ELECTION_TIMEOUT_RANGE,
				"the minimum must be below the maximum");
		checker.assertError(base("300ms .. 600ms", "300ms .. [[300ms]]"), RaftIssueCodes.ELECTION_TIMEOUT_RANGE);
		checker.assertNoIssue(base("300ms .. 600ms", "300ms .. 301ms"), RaftIssueCodes.ELECTION_TIMEOUT_RANGE);
	}

	@Test
	void electionTimeoutOfZero() {
		checker.assertError(base("300ms .. 600ms", "[[0ms]] .. 600ms"), RaftIssueCodes.VALUE_NOT_POSITIVE,
				"minimum election timeout");
	}

	@Test
	void heartbeatNotShorterThanElectionTimeout() {
		Issue issue = checker.assertError(base("heartbeat 100ms", "heartbeat [[300ms]]"),
				RaftIssueCodes.HEARTBEAT_TOO_LONG, "heartbeat 300ms", "minimum election timeout 300ms",
				"at most 100ms");
		assertArrayEquals(new String[] { "100ms" }, issue.getData());
		checker.assertNoIssue(base("heartbeat 100ms", "heartbeat 299ms"), RaftIssueCodes.HEARTBEAT_TOO_LONG);
	}

	@Test
	void heartbeatAboveAThirdOfElectionTimeout() {
		checker.assertWarning(base("heartbeat 100ms", "heartbeat [[101ms]]"), RaftIssueCodes.HEARTBEAT_ABOVE_THIRD,
				"more than a third", "at most 100ms");
		checker.assertNoIssue(base("heartbeat 100ms", "heartbeat 100ms"), RaftIssueCodes.HEARTBEAT_ABOVE_THIRD);
		// 1s is 1000ms: a third of 3s
		checker.assertNoIssue(base("300ms .. 600ms", "3s .. 6s").replace("heartbeat 100ms", "heartbeat 1s"),
				RaftIssueCodes.HEARTBEAT_ABOVE_THIRD);
	}

	@Test
	void heartbeatOfZero() {
		checker.assertError(base("heartbeat 100ms", "heartbeat [[0ms]]"), RaftIssueCodes.VALUE_NOT_POSITIVE,
				"heartbeat");
	}

	@Test
	void leaseNotShorterThanElectionTimeout() {
		Issue issue = checker.assertError(base("lease 250ms", "lease [[300ms]]"), RaftIssueCodes.LEASE_TOO_LONG,
				"stale reads", "e.g. 250ms");
		assertArrayEquals(new String[] { "250ms" }, issue.getData());
		checker.assertNoIssue(base("lease 250ms", "lease 299ms"), RaftIssueCodes.LEASE_TOO_LONG);
	}

	@Test
	void leaseOfZeroAndNoLease() {
		checker.assertError(base("lease 250ms", "lease [[0ms]]"), RaftIssueCodes.VALUE_NOT_POSITIVE,
				"leave the `lease` line out");
		checker.assertClean(base("    lease 250ms\n", ""));
	}

	@Test
	void baseIsCleanOnTiming() {
		checker.assertNoIssue(BASE, RaftIssueCodes.VALUE_NOT_POSITIVE);
	}
}
