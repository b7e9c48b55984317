package org.raftforge.cli.launch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * What the launcher knows about every node: whether its process runs, and the role, term, leader and indices the node
 * last reported (events and {@code status} replies). Threads wait here for conditions ("a leader", "caught up");
 * listeners (the progress display) hear of every change.
 */
public final class ClusterView {

	/** The process side of a node. */
	public enum Liveness {
		STARTING, UP, KILLED, STOPPED, EXITED;

		public boolean running() {
			return this == STARTING || this == UP;
		}
	}

	/** One node as last seen; -1 for what it has not reported yet. */
	public record Row(long id, String name, boolean voter, Liveness liveness, String role, long term, long leader,
			long commit, long applied) {

		Row with(Liveness newLiveness) {
			return new Row(id, name, voter, newLiveness, role, term, leader, commit, applied);
		}

		public boolean isLeader() {
			return liveness.running() && role.equals("leader");
		}
	}

	private final Map<Long, Row> rows = new LinkedHashMap<>();
	private final List<Consumer<List<Row>>> listeners = new CopyOnWriteArrayList<>();

	public ClusterView(List<LaunchDescription.Node> nodes) {
		for (LaunchDescription.Node node : nodes) {
			rows.put(node.id(), new Row(node.id(), node.name(), node.isVoter(), Liveness.STARTING,
					node.isVoter() ? "follower" : "learner", -1, -1, -1, -1));
		}
	}

	public void addListener(Consumer<List<Row>> listener) {
		listeners.add(listener);
	}

	public void onEvent(long node, NodeLine.Event event) {
		update(node, row -> switch (event.kind()) {
		case "role" -> new Row(row.id(), row.name(), row.voter(), row.liveness(), event.word(0),
				event.longField("term", row.term()), event.word(0).equals("leader") ? row.id() : row.leader(),
				row.commit(), row.applied());
		case "leader" -> new Row(row.id(), row.name(), row.voter(), row.liveness(), row.role(),
				event.longField("term", row.term()), parseId(event.word(0), row.leader()), row.commit(),
				row.applied());
		default -> row;
		});
	}

	public void onStatus(long node, NodeStatus status) {
		update(node, row -> new Row(row.id(), row.name(), row.voter(),
				row.liveness() == Liveness.STARTING ? Liveness.UP : row.liveness(),
				status.role().isEmpty() ? row.role() : status.role(), status.term(), status.leader(), status.commit(),
				status.applied()));
	}

	public void setLiveness(long node, Liveness liveness) {
		update(node, row -> row.with(liveness));
	}

	private void update(long node, java.util.function.UnaryOperator<Row> change) {
		List<Row> snapshot;
		synchronized (this) {
			Row before = rows.get(node);
			if (before == null) {
				return;
			}
			Row after = change.apply(before);
			if (after.equals(before)) {
				return;
			}
			rows.put(node, after);
			notifyAll();
			snapshot = List.copyOf(rows.values());
		}
		for (Consumer<List<Row>> listener : listeners) {
			listener.accept(snapshot);
		}
	}

	public synchronized List<Row> rows() {
		return List.copyOf(rows.values());
	}

	public synchronized Row row(long node) {
		return rows.get(node);
	}

	/** The running node that says it leads, in the highest term when several do (an old leader not told yet). */
	public synchronized Optional<Row> leader() {
		return rows.values().stream().filter(Row::isLeader).max(Comparator.comparingLong(Row::term));
	}

	/**
	 * Waits until {@code condition} holds for the rows, or {@code millis} pass.
	 *
	 * @return the rows that satisfied it, or empty on time-out
	 */
	public synchronized Optional<List<Row>> await(Predicate<List<Row>> condition, long millis)
			throws InterruptedException {
		long deadline = System.nanoTime() + millis * 1_000_000L;
		while (true) {
			List<Row> current = new ArrayList<>(rows.values());
			if (condition.test(current)) {
				return Optional.of(List.copyOf(current));
			}
			long left = (deadline - System.nanoTime()) / 1_000_000L;
			if (left <= 0) {
				return Optional.empty();
			}
			wait(left);
		}
	}

	/** Waits for a leader that {@code acceptable} admits. */
	public Optional<Row> awaitLeader(Predicate<Row> acceptable, long millis) throws InterruptedException {
		return await(all -> all.stream().filter(Row::isLeader).anyMatch(acceptable), millis)
				.flatMap(all -> all.stream().filter(Row::isLeader).filter(acceptable)
						.max(Comparator.comparingLong(Row::term)));
	}

	private static long parseId(String word, long otherwise) {
		try {
			return Long.parseUnsignedLong(word);
		} catch (NumberFormatException e) {
			return otherwise;
		}
	}
}
