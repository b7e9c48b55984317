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
class WorkloadValidationTest {

	@Inject
	private ModelChecker checker;

	@Test
	void commandLargerThanAnEntry() {
		// 31 B of command header + "key1" (4 B) + 94 B = 129 B > 128 B
		String tooLong = "\"" + "v".repeat(94) + "\"";
		checker.assertError(base("put \"key1\" \"value1\"", "put \"key1\" [[" + tooLong + "]]"),
				RaftIssueCodes.WORKLOAD_ENTRY_TOO_LARGE, "129 B command", "max-entry-size 128 B",
				"shorten the value by 1 B");
		String fits = "\"" + "v".repeat(93) + "\"";
		checker.assertNoIssue(base("put \"key1\" \"value1\"", "put \"key1\" " + fits),
				RaftIssueCodes.WORKLOAD_ENTRY_TOO_LARGE);
	}

	@Test
	void emptyKey() {
		checker.assertError(base("put \"key1\" \"value1\"", "put [[\"\"]] \"value1\""), RaftIssueCodes.WORKLOAD_EMPTY_KEY,
				"non-empty key");
	}

	@Test
	void expectationsFollowTheWritesBeforeThem() {
		checker.assertWarning(base("get \"key1\" expect \"value1\"", "get \"key1\" expect [[\"value2\"]]"),
				RaftIssueCodes.WORKLOAD_EXPECTATION_CONTRADICTS, "holds \"value1\"", "not \"value2\"");
		checker.assertWarning(base("get \"key1\" expect \"value1\"", "get \"key1\" expect [[absent]]"),
				RaftIssueCodes.WORKLOAD_EXPECTATION_CONTRADICTS, "still holds \"value1\"");
		checker.assertNoIssue(base("get \"key1\" expect \"value1\"", "delete \"key1\"\n    get \"key1\" expect absent"),
				RaftIssueCodes.WORKLOAD_EXPECTATION_CONTRADICTS);
	}
}
