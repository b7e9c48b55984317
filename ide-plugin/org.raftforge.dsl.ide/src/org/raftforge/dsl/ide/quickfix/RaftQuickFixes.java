package org.raftforge.dsl.ide.quickfix;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.validation.Issue;
import org.raftforge.dsl.ide.RaftModels;
import org.raftforge.dsl.model.Nodes;
import org.raftforge.dsl.raft.Cluster;
import org.raftforge.dsl.raft.Node;
import org.raftforge.dsl.validation.RaftIssueCodes;
import org.raftforge.dsl.values.Units;

/**
 * The fixes for problems whose diagnostics carry the value to use (see RaftIssueCodes):
 * a free port or address, a safe heartbeat or lease, a large enough buffer, one more node.
 * One implementation for every editor: the Eclipse marker resolutions and quick assists
 * and the language server's code actions all ask here.
 */
public final class RaftQuickFixes {

	/** Replace {@code length} characters at {@code offset} with {@code text}. */
	public record Replacement(int offset, int length, String text) {
	}

	/** One way to fix a problem. */
	public record Fix(String label, List<Replacement> replacements) {

		/** The model text with the fix applied. */
		public String applyTo(String text) {
			StringBuilder result = new StringBuilder(text);
			replacements.stream().sorted(Comparator.comparingInt(Replacement::offset).reversed())
					.forEach(edit -> result.replace(edit.offset(), edit.offset() + edit.length(), edit.text()));
			return result.toString();
		}
	}

	/** A reported problem: its code, its issue data, and where it is in the current text. */
	public record Problem(String code, List<String> data, int offset, int length) {

		public static Problem of(Issue issue) {
			return new Problem(issue.getCode(), issue.getData() == null ? List.of() : List.of(issue.getData()),
					issue.getOffset() == null ? 0 : issue.getOffset(),
					issue.getLength() == null ? 0 : issue.getLength());
		}

		String value() {
			return data.isEmpty() || data.get(0) == null ? "" : data.get(0).trim();
		}
	}

	/** Replaces the problem's value with the suggestion; label text gets the suggestion. */
	private static final Map<String, BiFunction<String, String, String>> VALUE_FIXES = Map.ofEntries(
			Map.entry(RaftIssueCodes.DUPLICATE_ENDPOINT, (value, old) -> "Use the next free port " + value),
			Map.entry(RaftIssueCodes.PORT_OUT_OF_RANGE, (value, old) -> "Use the next free port " + value),
			Map.entry(RaftIssueCodes.SHARED_PORT_ON_NATIVE, (value, old) -> "Use the next free port " + value),
			Map.entry(RaftIssueCodes.SHARED_PORT_LOOPBACK_PER_NODE, (value, old) -> "Use the next free port " + value),
			Map.entry(RaftIssueCodes.ADDRESS_OUTSIDE_SUBNET, (value, old) -> "Use the free address " + value),
			Map.entry(RaftIssueCodes.ADDRESS_RESERVED, (value, old) -> "Use the free address " + value),
			Map.entry(RaftIssueCodes.SUBNET_HOST_BITS, (value, old) -> "Write the subnet as " + value),
			Map.entry(RaftIssueCodes.HEARTBEAT_TOO_LONG,
					(value, old) -> "Set the heartbeat to " + value + " (a third of the minimum election timeout)"),
			Map.entry(RaftIssueCodes.HEARTBEAT_ABOVE_THIRD,
					(value, old) -> "Set the heartbeat to " + value + " (a third of the minimum election timeout)"),
			Map.entry(RaftIssueCodes.LEASE_TOO_LONG,
					(value, old) -> "Shorten the lease to " + value + " (below the minimum election timeout)"),
			Map.entry(RaftIssueCodes.SNAPSHOT_THRESHOLD_TOO_HIGH,
					(value, old) -> "Set snapshot-threshold to " + value + " (half of max-log-entries)"),
			Map.entry(RaftIssueCodes.UDP_BUFFER_TOO_SMALL, (value, old) -> "Raise receive-buffer to " + value),
			Map.entry(RaftIssueCodes.QUEUE_TOO_SHALLOW, (value, old) -> "Raise queue-depth to " + value),
			Map.entry(RaftIssueCodes.CHANNEL_TOO_SMALL, (value, old) -> "Raise capacity to " + value),
			Map.entry(RaftIssueCodes.MEMORY_BUDGET_TOO_SMALL, (value, old) -> "Raise the budget to " + value));

	private RaftQuickFixes() {
	}

	/** The codes this class can fix (when their diagnostics carry a suggestion). */
	public static Set<String> fixableCodes() {
		Set<String> codes = new java.util.TreeSet<>(VALUE_FIXES.keySet());
		codes.add(RaftIssueCodes.EVEN_VOTER_COUNT);
		return codes;
	}

	/**
	 * The fixes for {@code problem} in the model {@code resource} was parsed from; empty
	 * when the problem has none or its suggestion is missing.
	 */
	public static List<Fix> fixesFor(XtextResource resource, Problem problem) {
		String text = resource.getParseResult() == null ? "" : resource.getParseResult().getRootNode().getText();
		if (problem.code() == null) {
			return List.of();
		}
		if (RaftIssueCodes.EVEN_VOTER_COUNT.equals(problem.code())) {
			return evenVoterFixes(resource, problem, text);
		}
		BiFunction<String, String, String> label = VALUE_FIXES.get(problem.code());
		String value = problem.value();
		if (label == null || value.isEmpty() || problem.length() <= 0
				|| problem.offset() + problem.length() > text.length()) {
			return List.of();
		}
		String written = text.substring(problem.offset(), problem.offset() + problem.length());
		String replacement = RaftIssueCodes.UDP_BUFFER_TOO_SMALL.equals(problem.code()) ? bytes(value) : value;
		if (replacement.equals(written)) {
			return List.of();
		}
		return List.of(new Fix(label.apply(replacement, written),
				List.of(new Replacement(problem.offset(), problem.length(), replacement))));
	}

	/** Add the suggested node after the last one, or make the last voter a learner. */
	private static List<Fix> evenVoterFixes(XtextResource resource, Problem problem, String text) {
		Cluster cluster = RaftModels.clusterOf(resource);
		if (cluster == null || cluster.getNodes().isEmpty()) {
			return List.of();
		}
		List<Fix> fixes = new ArrayList<>();
		Node last = cluster.getNodes().get(cluster.getNodes().size() - 1);
		ICompositeNode lastNode = NodeModelUtils.getNode(last);
		if (problem.data().size() >= 3 && lastNode != null) {
			String declaration = "node " + problem.data().get(0) + " " + problem.data().get(1) + ":"
					+ problem.data().get(2);
			int end = lastNode.getEndOffset();
			fixes.add(new Fix("Add " + declaration,
					List.of(new Replacement(end, 0, "\n" + indentationOfLine(text, lastNode.getOffset()) + declaration))));
		}
		List<Node> voters = Nodes.voters(cluster);
		if (voters.size() > 1) {
			Node voter = voters.get(voters.size() - 1);
			ICompositeNode voterNode = NodeModelUtils.getNode(voter);
			if (voterNode != null) {
				fixes.add(new Fix("Make node " + voter.getName() + " a learner",
						List.of(new Replacement(voterNode.getEndOffset(), 0, " learner"))));
			}
		}
		return fixes;
	}

	private static String indentationOfLine(String text, int offset) {
		int lineStart = text.lastIndexOf('\n', Math.max(0, offset - 1)) + 1;
		int end = lineStart;
		while (end < text.length() && (text.charAt(end) == ' ' || text.charAt(end) == '\t')) {
			end++;
		}
		return text.substring(lineStart, end);
	}

	/** "164" bytes written in the unit that keeps it exact ("4 KiB", "164 B"). */
	private static String bytes(String value) {
		try {
			return Units.size(Long.parseLong(value));
		} catch (NumberFormatException e) {
			return value;
		}
	}
}
