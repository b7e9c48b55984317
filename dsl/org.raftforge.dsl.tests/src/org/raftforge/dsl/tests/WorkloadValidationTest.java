package org.raftforge.dsl.tests;

import static org.raftforge.dsl.tests.Models.base;
import static org.raftforge.dsl.tests.Models.edit;

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
	void valueLongerThanTheStoreTakes() {
		// the command (31 + 4 + 74 = 109 B) fits the entry, but keys keep (128 - 31) / 4 = 24 B: values at most 73 B
		String tooLong = "\"" + "v".repeat(74) + "\"";
		checker.assertError(base("put \"key1\" \"value1\"", "put \"key1\" [[" + tooLong + "]]"),
				RaftIssueCodes.WORKLOAD_VALUE_TOO_LONG, "is 74 B", "values of at most 73 B",
				"24 B kept for keys (a quarter of what the header leaves", "shorten the value by 1 B");
		String fits = "\"" + "v".repeat(73) + "\"";
		checker.assertNoIssue(base("put \"key1\" \"value1\"", "put \"key1\" " + fits),
				RaftIssueCodes.WORKLOAD_VALUE_TOO_LONG);
	}

	@Test
	void aLongKeyLeavesValuesLessRoom() {
		// a 40 B key raises the store's key length to 40 B: values get 128 - 31 - 40 = 57 B
		String longKey = "k".repeat(40);
		String text = base("put \"key1\" \"value1\"", "put \"" + longKey + "\" \"v\"\n    put \"key1\" [[\""
				+ "v".repeat(58) + "\"]]");
		checker.assertError(text, RaftIssueCodes.WORKLOAD_VALUE_TOO_LONG, "values of at most 57 B",
				"40 B kept for keys (the longest key of the workload");
		checker.assertNoIssue(base("put \"key1\" \"value1\"", "put \"" + longKey + "\" \"v\"\n    put \"key1\" \""
				+ "v".repeat(57) + "\""), RaftIssueCodes.WORKLOAD_VALUE_TOO_LONG);
	}

	@Test
	void keyLongerThanAnEntryHoldsBesideTheHeader() {
		// max-entry-size 128 B less 31 B of header: keys of at most 97 B (the generated store would not compile)
		String key = "k".repeat(98);
		checker.assertError(base("put \"key1\" \"value1\"", "put [[\"" + key + "\"]] \"\""),
				RaftIssueCodes.WORKLOAD_KEY_TOO_LONG, "is 98 B", "at most 97 B", "shorten it by 1 B",
				"raise max-entry-size");
		checker.assertError(base("get \"key1\" expect \"value1\"", "get [[\"" + key + "\"]]"),
				RaftIssueCodes.WORKLOAD_KEY_TOO_LONG, "at most 97 B");
		checker.assertNoIssue(base("put \"key1\" \"value1\"", "put \"" + "k".repeat(97) + "\" \"\""),
				RaftIssueCodes.WORKLOAD_KEY_TOO_LONG);
	}

	@Test
	void keyLongerThanTheRuntimesOneByteLength() {
		String big = base("max-entry-size 128 B", "max-entry-size 1 KiB");
		checker.assertError(edit(big, "put \"key1\" \"value1\"", "delete [[\"" + "k".repeat(256) + "\"]]"),
				RaftIssueCodes.WORKLOAD_KEY_TOO_LONG, "is 256 B", "at most 255 B", "one-byte length");
		checker.assertNoIssue(edit(big, "put \"key1\" \"value1\"", "put \"" + "k".repeat(255) + "\" \"v\""),
				RaftIssueCodes.WORKLOAD_KEY_TOO_LONG);
		// UTF-8 bytes count, not characters: 128 x "é" is 256 B
		checker.assertError(edit(big, "put \"key1\" \"value1\"", "put [[\"" + "é".repeat(128) + "\"]] \"v\""),
				RaftIssueCodes.WORKLOAD_KEY_TOO_LONG, "is 256 B");
	}

	@Test
	void emptyKeysOfReadsAndDeletes() {
		checker.assertError(base("get \"key1\" expect \"value1\"", "get [[\"\"]]"), RaftIssueCodes.WORKLOAD_EMPTY_KEY,
				"non-empty key");
		checker.assertError(base("get \"key1\" expect \"value1\"", "delete [[\"\"]]"),
				RaftIssueCodes.WORKLOAD_EMPTY_KEY, "non-empty key");
	}

	@Test
	void moreKeysAtOnceThanTheStoreHolds() {
		StringBuilder puts = new StringBuilder();
		for (int i = 1; i <= 32; i++) {
			puts.append("put \"k").append(i).append("\" \"v\"\n    ");
		}
		checker.assertError(base("put \"key1\" \"value1\"", puts + "put [[\"key1\"]] \"value1\""),
				RaftIssueCodes.WORKLOAD_TOO_MANY_KEYS, "key number 33", "at most 32 keys", "delete a key before it");
		// a delete before it makes room; rewriting a key already there needs none
		checker.assertNoIssue(base("put \"key1\" \"value1\"", puts + "delete \"k1\"\n    put \"key1\" \"value1\""),
				RaftIssueCodes.WORKLOAD_TOO_MANY_KEYS);
		checker.assertNoIssue(base("put \"key1\" \"value1\"", puts + "put \"k5\" \"w\""),
				RaftIssueCodes.WORKLOAD_TOO_MANY_KEYS);
	}

	@Test
	void textWithoutUtf8Bytes() {
		// a lone surrogate written as a \\u escape: no UTF-8 bytes to send (it would become '?')
		checker.assertError(base("put \"key1\" \"value1\"", "put \"key1\" [[\"a\\uD800\"]]"),
				RaftIssueCodes.WORKLOAD_NOT_UTF8, "lone UTF-16 surrogate");
		checker.assertError(base("get \"key1\" expect \"value1\"", "get [[\"\\uDC00\"]]"),
				RaftIssueCodes.WORKLOAD_NOT_UTF8);
		// a whole pair is one character (4 UTF-8 bytes)
		checker.assertNoIssue(base("put \"key1\" \"value1\"", "put \"key1\" \"\\uD83D\\uDE00\""),
				RaftIssueCodes.WORKLOAD_NOT_UTF8);
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
