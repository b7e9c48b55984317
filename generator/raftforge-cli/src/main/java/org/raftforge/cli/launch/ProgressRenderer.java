package org.raftforge.cli.launch;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns the cluster view into text: a compact table for terminals (one row per node: name, state, role, term,
 * commit, applied, leader) and, for logs and pipes, one plain line per change that matters (process started, killed
 * or stopped; role, term or leader changed). Commit indices change too often for lines; they are shown in the table
 * and in {@link #commitSummary}.
 */
public final class ProgressRenderer {

	private ProgressRenderer() {
	}

	public static List<String> table(List<ClusterView.Row> rows) {
		int nameWidth = Math.max(4, rows.stream().mapToInt(row -> row.name().length()).max().orElse(4));
		List<String> lines = new ArrayList<>();
		String format = "%-" + nameWidth + "s  %-8s  %-13s  %5s  %7s  %7s  %s";
		lines.add(String.format(Locale.ROOT, format, "node", "process", "role", "term", "commit", "applied", "leader"));
		for (ClusterView.Row row : rows) {
			boolean running = row.liveness().running();
			lines.add(String.format(Locale.ROOT, format, row.name(), row.liveness().name().toLowerCase(Locale.ROOT),
					running ? row.role() : "-", number(row.term()), number(row.commit()), number(row.applied()),
					running ? leaderName(rows, row.leader()) : "-").stripTrailing());
		}
		return lines;
	}

	/** The plain line for a change of one node, when it is worth a line. */
	public static Optional<String> change(ClusterView.Row before, ClusterView.Row after, List<ClusterView.Row> rows) {
		if (before.liveness() != after.liveness()) {
			return Optional.of(after.name() + ": " + switch (after.liveness()) {
			case STARTING -> "starting";
			case UP -> "up";
			case KILLED -> "killed (kill -9)";
			case STOPPED -> "stopped";
			case EXITED -> "process ended";
			});
		}
		if (!after.liveness().running()) {
			return Optional.empty();
		}
		if (!before.role().equals(after.role()) || before.term() != after.term()) {
			String line = after.name() + ": " + after.role() + ", term " + number(after.term());
			if ((after.role().equals("follower") || after.role().equals("learner")) && after.leader() > 0) {
				line += ", leader " + leaderName(rows, after.leader());
			}
			return Optional.of(line);
		}
		if (before.leader() != after.leader() && after.leader() > 0 && !after.role().equals("leader")) {
			return Optional.of(after.name() + ": leader is " + leaderName(rows, after.leader()) + " (term "
					+ number(after.term()) + ")");
		}
		return Optional.empty();
	}

	/** "commit: alpha 7, beta 7, gamma 7 (delta not running)". */
	public static String commitSummary(List<ClusterView.Row> rows) {
		List<String> parts = new ArrayList<>();
		List<String> down = new ArrayList<>();
		for (ClusterView.Row row : rows) {
			if (row.liveness().running()) {
				parts.add(row.name() + " " + number(row.commit()));
			} else {
				down.add(row.name());
			}
		}
		return "commit: " + String.join(", ", parts)
				+ (down.isEmpty() ? "" : " (" + String.join(", ", down) + " not running)");
	}

	static String leaderName(List<ClusterView.Row> rows, long leader) {
		if (leader <= 0) {
			return "?";
		}
		return rows.stream().filter(row -> row.id() == leader).map(ClusterView.Row::name).findFirst()
				.orElse("node " + leader);
	}

	private static String number(long value) {
		return value < 0 ? "?" : Long.toString(value);
	}
}
