package org.raftforge.cli.launch;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code --chaos kill-leader}: kill -9 the leader's process mid-workload, watch the others elect a new leader (and
 * time it), start the killed node again from its files and watch its commit index reach the leader's. The launcher
 * then reads back every acknowledged write.
 */
public final class KillLeaderChaos {

	private final RunningCluster cluster;
	private final ProgressPrinter progress;
	private final LaunchOutcome outcome;
	private long killed;
	private long killedTerm;
	private volatile long killNanos;
	private volatile double electionMillis = Double.NaN;
	private CompletableFuture<Optional<Elected>> newLeader;

	/** The new leader and when the launcher first saw it. */
	private record Elected(ClusterView.Row leader, long seenNanos) {
	}

	public KillLeaderChaos(RunningCluster cluster, ProgressPrinter progress, LaunchOutcome outcome) {
		this.cluster = cluster;
		this.progress = progress;
		this.outcome = outcome;
	}

	/** Why this launch cannot run the scenario honestly, if it cannot. */
	public static Optional<String> refusal(LaunchDescription description) {
		String variant = description.cluster() + "/" + description.variant();
		if (description.transport().nodesPerProcess() > 1) {
			return Optional.of("--chaos kill-leader needs one process per node, but " + variant + " runs its nodes in"
					+ " one process (a channel transport), and the control protocol offers no crash of a single node"
					+ " inside an image: choose a UDP variant");
		}
		if (!description.storage().durable()) {
			return Optional.of("--chaos kill-leader restarts the killed node from its files, but " + variant
					+ " keeps its state in memory (storage " + description.storage().kind() + "): a restarted node"
					+ " would come back empty, which Raft does not allow for a voter; choose a variant with file or"
					+ " semihosting storage");
		}
		if (description.voters().size() < 3) {
			return Optional.of("--chaos kill-leader needs at least 3 voters to elect a new leader, " + variant
					+ " has " + description.voters().size());
		}
		return Optional.empty();
	}

	/** Kills the current leader; the new-leader watch starts at the same moment. */
	public void killLeader(long waitMillis) throws InterruptedException {
		Optional<ClusterView.Row> leader = cluster.view().awaitLeader(row -> true, waitMillis);
		if (leader.isEmpty()) {
			outcome.fail("chaos: no leader to kill");
			return;
		}
		killed = leader.get().id();
		killedTerm = leader.get().term();
		NodeProcess process = cluster.processOf(killed);
		progress.say("chaos: kill -9 " + leader.get().name() + " (pid " + process.pid() + "), the leader in term "
				+ killedTerm);
		killNanos = System.nanoTime();
		newLeader = CompletableFuture.supplyAsync(() -> {
			try {
				Optional<Elected> elected = cluster.view()
						.awaitLeader(row -> row.id() != killed && row.term() > killedTerm, waitMillis)
						.map(row -> new Elected(row, System.nanoTime()));
				// said at once, while the workload may still wait for its answer
				elected.ifPresent(this::announce);
				return elected;
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				return Optional.empty();
			}
		});
		cluster.crash(killed);
	}

	public boolean killedOne() {
		return killed != 0;
	}

	/** Waits for (or reports) the new leader and the time from the kill to its election. */
	public boolean awaitNewLeader(long waitMillis) throws InterruptedException {
		if (!killedOne()) {
			return false;
		}
		Optional<Elected> leader;
		try {
			leader = newLeader.get(waitMillis, TimeUnit.MILLISECONDS);
		} catch (ExecutionException | TimeoutException e) {
			leader = Optional.empty();
		}
		if (leader.isEmpty()) {
			outcome.fail("chaos: no new leader within " + waitMillis + " ms after killing "
					+ cluster.description().nodeName(killed));
			return false;
		}
		return true;
	}

	/** The election time as the launcher saw it: from the kill to the first sign of the new leader. */
	private void announce(Elected elected) {
		electionMillis = (elected.seenNanos() - killNanos) / 1e6;
		progress.say(String.format(Locale.ROOT, "chaos: new leader %s (term %d), elected %.0f ms after the kill",
				elected.leader().name(), elected.leader().term(), electionMillis));
	}

	/** Milliseconds from the kill to the new leader (NaN before {@link #awaitNewLeader}). */
	public double electionMillis() {
		return electionMillis;
	}

	/** Starts the killed node from its files and waits until its commit index reaches the leader's. */
	public void restartAndCatchUp(long waitMillis) throws InterruptedException {
		if (!killedOne()) {
			return;
		}
		String name = cluster.description().nodeName(killed);
		long start = System.nanoTime();
		try {
			NodeProcess process = cluster.restart(killed, waitMillis);
			progress.say("chaos: restarted " + name + " from its files (pid " + process.pid() + ")");
		} catch (java.io.IOException | RunningCluster.StartException e) {
			outcome.fail("chaos: cannot restart " + name + ": " + e.getMessage());
			return;
		}
		long deadline = System.nanoTime() + waitMillis * 1_000_000L;
		while (System.nanoTime() < deadline) {
			Optional<NodeStatus> leader = leaderStatus();
			Optional<NodeStatus> restarted = status(killed);
			if (leader.isPresent() && restarted.isPresent() && restarted.get().commit() >= leader.get().commit()) {
				progress.say(String.format(Locale.ROOT,
						"chaos: %s caught up: commit %d, the leader's %d (%.0f ms after the restart)", name,
						restarted.get().commit(), leader.get().commit(), (System.nanoTime() - start) / 1e6));
				return;
			}
			Thread.sleep(20);
		}
		outcome.fail("chaos: " + name + " did not catch up with the leader within " + waitMillis + " ms");
	}

	private Optional<NodeStatus> leaderStatus() throws InterruptedException {
		Optional<ClusterView.Row> leader = cluster.view().leader();
		if (leader.isEmpty()) {
			return Optional.empty();
		}
		return status(leader.get().id()).filter(NodeStatus::isLeader);
	}

	private Optional<NodeStatus> status(long node) throws InterruptedException {
		try {
			NodeLine.Reply reply = cluster.request(node, "status").get(1000, TimeUnit.MILLISECONDS);
			reply.status().ifPresent(status -> cluster.view().onStatus(node, status));
			return reply.status();
		} catch (ExecutionException | TimeoutException e) {
			return Optional.empty();
		}
	}
}
