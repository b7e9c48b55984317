package org.raftforge.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.raftforge.lsp.TestModels.base;
import static org.raftforge.lsp.TestModels.edit;

import java.util.List;
import java.util.stream.Stream;

import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.raftforge.dsl.ide.quickfix.RaftQuickFixes;
import org.raftforge.dsl.ide.quickfix.RaftQuickFixes.Fix;
import org.raftforge.dsl.ide.quickfix.RaftQuickFixes.Problem;
import org.raftforge.dsl.validation.RaftIssueCodes;

/**
 * Each quick fix on a model with its problem: the fix has the expected label, writes the
 * expected text, and the problem is gone when the model is validated again.
 */
class QuickFixTest {

	private static final String NATIVE_UDP = "  variant memory_channel";

	static Stream<Arguments> problems() {
		return Stream.of(
				Arguments.of(RaftIssueCodes.DUPLICATE_ENDPOINT, base("node n2 10.0.0.2:9002", "node n2 10.0.0.1:9001"),
						"Use the next free port 9006", "node n2 10.0.0.1:9006"),
				Arguments.of(RaftIssueCodes.PORT_OUT_OF_RANGE, base("10.0.0.3:9003", "10.0.0.3:70000"),
						"Use the next free port 9006", "node n3 10.0.0.3:9006"),
				Arguments.of(RaftIssueCodes.SHARED_PORT_ON_NATIVE,
						edit(base("node n2 10.0.0.2:9002", "node n2 10.0.0.2:9001"), NATIVE_UDP,
								"  variant native_udp { storage hostdisk transport ethernet target host }\n"
										+ NATIVE_UDP),
						"Use the next free port 9006", "node n2 10.0.0.2:9006"),
				Arguments.of(RaftIssueCodes.SHARED_PORT_LOOPBACK_PER_NODE, base("node n2 10.0.0.2:9002", "node n2 10.0.0.2:9001"),
						"Use the next free port 9006", "node n2 10.0.0.2:9006"),
				Arguments.of(RaftIssueCodes.ADDRESS_OUTSIDE_SUBNET, base("node n3 10.0.0.3:9003", "node n3 10.0.1.3:9003"),
						"Use the free address 10.0.0.3", "node n3 10.0.0.3:9003"),
				Arguments.of(RaftIssueCodes.ADDRESS_RESERVED, base("node n3 10.0.0.3:9003", "node n3 10.0.0.255:9003"),
						"Use the free address 10.0.0.3", "node n3 10.0.0.3:9003"),
				Arguments.of(RaftIssueCodes.SUBNET_HOST_BITS, base("subnet 10.0.0.0/24", "subnet 10.0.0.9/24"),
						"Write the subnet as 10.0.0.0/24", "subnet 10.0.0.0/24"),
				Arguments.of(RaftIssueCodes.HEARTBEAT_TOO_LONG, base("heartbeat 100ms", "heartbeat 400ms"),
						"Set the heartbeat to 100ms (a third of the minimum election timeout)", "heartbeat 100ms"),
				Arguments.of(RaftIssueCodes.HEARTBEAT_ABOVE_THIRD, base("heartbeat 100ms", "heartbeat 150 ms"),
						"Set the heartbeat to 100ms (a third of the minimum election timeout)", "heartbeat 100ms"),
				Arguments.of(RaftIssueCodes.LEASE_TOO_LONG, base("lease 250ms", "lease 1s"),
						"Shorten the lease to 250ms (below the minimum election timeout)", "lease 250ms"),
				Arguments.of(RaftIssueCodes.SNAPSHOT_THRESHOLD_TOO_HIGH,
						base("snapshot-threshold 128 entries", "snapshot-threshold 300 entries"),
						"Set snapshot-threshold to 128 (half of max-log-entries)", "snapshot-threshold 128 entries"),
				Arguments.of(RaftIssueCodes.UDP_BUFFER_TOO_SMALL, base("receive-buffer 4 KiB", "receive-buffer 100 B"),
						null, "receive-buffer "),
				Arguments.of(RaftIssueCodes.QUEUE_TOO_SHALLOW, base("queue-depth 16", "queue-depth 2"),
						"Raise queue-depth to 4", "queue-depth 4"),
				Arguments.of(RaftIssueCodes.CHANNEL_TOO_SMALL, base("capacity 32", "capacity 3"),
						"Raise capacity to 8", "capacity 8"),
				// one variant: each variant reports the budget it needs, a fix raises it to that one's
				Arguments.of(RaftIssueCodes.MEMORY_BUDGET_TOO_SMALL,
						edit(base("budget 128 KiB", "budget 20 KiB"),
								"  variant memory_channel { storage volatile transport mailbox target board }\n", ""),
						null, "budget "));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("problems")
	void fixRemovesTheProblem(String code, String model, String expectedLabel, String expectedText) {
		Fix fix = onlyFix(model, code);
		if (expectedLabel != null) {
			assertEquals(expectedLabel, fix.label());
		}
		String fixed = fix.applyTo(model);
		assertTrue(fixed.contains(expectedText), "the fixed model contains '" + expectedText + "':\n" + fixed);
		assertEquals(List.of(), codes(fixed, code), "the problem is gone after the fix");
	}

	@Test
	void evenVoterCountAddsANodeOrMakesOneALearner() {
		String four = base("  node n5 10.0.0.5:9005\n", "");
		List<Fix> fixes = RaftQuickFixes.fixesFor(TestModels.parse(four), problem(four, RaftIssueCodes.EVEN_VOTER_COUNT));
		assertEquals(List.of("Add node n5 10.0.0.5:9005", "Make node n4 a learner"),
				fixes.stream().map(Fix::label).toList());
		String added = fixes.get(0).applyTo(four);
		assertTrue(added.contains("  node n4 10.0.0.4:9004 id 4\n  node n5 10.0.0.5:9005\n"), added);
		assertEquals(List.of(), codes(added, RaftIssueCodes.EVEN_VOTER_COUNT));
		String learner = fixes.get(1).applyTo(four);
		assertTrue(learner.contains("  node n4 10.0.0.4:9004 id 4 learner\n"), learner);
		assertEquals(List.of(), codes(learner, RaftIssueCodes.EVEN_VOTER_COUNT));
	}

	@Test
	void noFixWithoutASuggestionOrForOtherCodes() {
		String full = base("subnet 10.0.0.0/24", "subnet 10.0.0.0/30").replace("10.0.0.5:9005", "10.0.1.5:9005");
		// a /30 holds two hosts, both taken by n1 and n2: no free address to suggest
		Problem outside = problem(full, RaftIssueCodes.ADDRESS_OUTSIDE_SUBNET);
		assertEquals(List.of(), RaftQuickFixes.fixesFor(TestModels.parse(full), outside));
		String duplicateName = base("node n2 10.0.0.2:9002", "node n1 10.0.0.2:9002");
		assertEquals(List.of(), RaftQuickFixes.fixesFor(TestModels.parse(duplicateName),
				problem(duplicateName, RaftIssueCodes.DUPLICATE_NODE_NAME)));
	}

	@Test
	void everyFixableCodeIsCovered() {
		List<String> tested = Stream.concat(problems().map(arguments -> (String) arguments.get()[0]),
				Stream.of(RaftIssueCodes.EVEN_VOTER_COUNT)).sorted().toList();
		assertEquals(List.copyOf(RaftQuickFixes.fixableCodes()), tested);
	}

	private static Fix onlyFix(String model, String code) {
		List<Fix> fixes = RaftQuickFixes.fixesFor(TestModels.parse(model), problem(model, code));
		assertEquals(1, fixes.size(), "one fix for " + code + ": " + fixes);
		return fixes.get(0);
	}

	private static Problem problem(String model, String code) {
		XtextResource resource = TestModels.parse(model);
		Issue issue = TestModels.issues(resource).stream().filter(candidate -> code.equals(candidate.getCode()))
				.findFirst().orElseThrow(() -> new AssertionError("the model has no " + code + " problem: "
						+ TestModels.issues(resource)));
		return Problem.of(issue);
	}

	private static List<String> codes(String model, String code) {
		return TestModels.issues(TestModels.parse(model)).stream().map(Issue::getCode).filter(code::equals).toList();
	}
}
