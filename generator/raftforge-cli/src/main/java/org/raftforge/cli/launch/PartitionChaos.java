package org.raftforge.cli.launch;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code --chaos partition} (QEMU, UDP): the Ethernet hub cuts the leader off from the majority mid-workload. The
 * majority must elect a new leader and go on committing; the old leader, unable to reach a quorum (check-quorum),
 * must step down; after the hub heals the segment every node must agree again (same term and leader, commit index
 * equal to the leader's). While cut off, a write to the majority must be acknowledged and one sent to the old leader
 * must not, and after the heal the latter must be nowhere. The control channels are UARTs, not Ethernet, so the
 * launcher still talks to the cut-off node. The launcher then reads back every acknowledged write.
 */
public final class PartitionChaos {

	/** The keys of the scenario's own writes (short enough for the seed's 24-byte keys). */
	static final String MAJORITY_KEY = "cut-majority";
	static final String MINORITY_KEY = "cut-minority";

	private final RunningCluster cluster;
	private final EthernetHub hub;
	private final QemuBackend backend;
	private final ProgressPrinter progress;
	private final LaunchOutcome outcome;
	private long isolated;
	private long isolatedTerm;
	private long cutNanos;
	/** When the launcher first saw the cut-off leader say it no longer leads (its role event). */
	private CompletableFuture<Optional<Long>> stepDownSeen;

	public PartitionChaos(RunningCluster cluster, QemuBackend backend, ProgressPrinter progress,
			LaunchOutcome outcome) {
		this.cluster = cluster;
		this.backend = backend;
		this.hub = backend.hub().orElseThrow(() -> new IllegalStateException("no Ethernet hub is running"));
		this.progress = progress;
		this.outcome = outcome;
	}

	/** Why this launch cannot run the scenario honestly, if it cannot. */
	public static Optional<String> refusal(LaunchDescription description, LaunchDescription.TargetSection target) {
		String variant = description.cluster() + "/" + description.variant();
		if (!target.target().equals("qemu") || !target.raw().has("hub")) {
			return Optional.of("--chaos partition cuts links in the Ethernet hub that joins one QEMU per node, but "
					+ variant + " on " + target.target() + " has no hub (" + (target.target().equals("qemu")
							? "a channel transport runs every node in one image" : "native nodes talk over loopback")
					+ "): choose a UDP variant on --target qemu");
		}
		if (description.voters().size() < 3) {
			return Optional.of("--chaos partition needs at least 3 voters so that a majority remains without the "
					+ "leader; " + variant + " has " + description.voters().size());
		}
		return Optional.empty();
	}

	/** Cuts the current leader off from every other node; true when the hub did it. */
	public boolean isolateLeader(long waitMillis) throws InterruptedException {
		Optional<ClusterView.Row> leader = cluster.view().awaitLeader(row -> true, waitMillis);
		if (leader.isEmpty()) {
			outcome.fail("chaos: no leader to isolate");
			return false;
		}
		isolated = leader.get().id();
		isolatedTerm = leader.get().term();
		OptionalInt port = backend.hubPort(isolated);
		List<String> majority = new ArrayList<>();
		for (LaunchDescription.Node node : cluster.description().nodes()) {
			if (node.id() != isolated) {
				backend.hubPort(node.id()).ifPresent(p -> majority.add(Integer.toString(p)));
			}
		}
		if (port.isEmpty() || majority.isEmpty()) {
			outcome.fail("chaos: launch.json names no hub port for " + leader.get().name());
			return false;
		}
		String command = "partition " + port.getAsInt() + " " + String.join(",", majority);
		try {
			cutNanos = System.nanoTime();
			hub.command(command);
		} catch (IOException e) {
			outcome.fail("chaos: " + e.getMessage());
			return false;
		}
		progress.say("chaos: hub '" + command + "': " + leader.get().name() + ", the leader in term " + isolatedTerm
				+ ", is cut off from the other " + majority.size() + " nodes");
		stepDownSeen = CompletableFuture.supplyAsync(() -> {
			try {
				return cluster.view().await(rows -> rows.stream()
						.anyMatch(row -> row.id() == isolated && !row.isLeader()), waitMillis)
						.map(rows -> System.nanoTime());
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				return Optional.empty();
			}
		});
		return true;
	}

	/** Waits for a leader on the majority side, in a newer term. */
	public boolean awaitNewLeader(long waitMillis) throws InterruptedException {
		Optional<ClusterView.Row> leader = cluster.view()
				.awaitLeader(row -> row.id() != isolated && row.term() > isolatedTerm, waitMillis);
		if (leader.isEmpty()) {
			outcome.fail("chaos: the majority elected no new leader within " + waitMillis + " ms of the partition");
			return false;
		}
		progress.say(String.format(Locale.ROOT, "chaos: new leader %s (term %d) on the majority side, %.0f ms after "
				+ "the cut", leader.get().name(), leader.get().term(), (System.nanoTime() - cutNanos) / 1e6));
		return true;
	}

	/**
	 * While the leader is cut off, one write on each side: to the majority through the client (it must be
	 * acknowledged; the read-back at the end checks it survived the heal), and one straight to the cut-off node
	 * (it must not be acknowledged: that node cannot reach a majority). The second goes into the history as what its
	 * answer says (a time-out: maybe applied), so the linearizability check judges it too.
	 */
	public void writeOnBothSides(WorkloadRunner runner, History history, long clientId) throws InterruptedException {
		String name = cluster.description().nodeName(isolated);
		runner.run(new LaunchDescription.WorkloadStep("put", MAJORITY_KEY, "written while " + name + " was cut off",
				null, false));
		byte[] key = MINORITY_KEY.getBytes(java.nio.charset.StandardCharsets.UTF_8);
		byte[] value = ("sent to " + name + " while cut off").getBytes(java.nio.charset.StandardCharsets.UTF_8);
		History.Pending pending = history.invoke(clientId, History.Kind.PUT, key, value);
		long wait = cluster.description().timing().requestTimeoutMs() + 2000;
		String answer;
		try {
			NodeLine.Reply reply = cluster.request(isolated, "put " + clientId + " 1 " + PercentEncoding.encode(key)
					+ " " + PercentEncoding.encode(value)).get(wait, TimeUnit.MILLISECONDS);
			answer = reply.text();
			if (reply.isOk()) {
				pending.completed(History.Result.OK, null);
				outcome.fail("chaos: " + name + " acknowledged a write while it was cut off from the majority");
				return;
			}
			if (reply.errorCode().equals("not-leader") || reply.errorCode().equals("dropped")
					|| reply.errorCode().equals("busy")) {
				pending.refused(); // certainly not applied (control-protocol.md)
			} else {
				pending.unknown();
			}
		} catch (ExecutionException | TimeoutException e) {
			pending.unknown();
			answer = "no answer within " + wait + " ms";
		}
		progress.say("chaos: a write sent to the cut-off " + name + " was not acknowledged ('" + answer + "'): "
				+ "it cannot reach a majority");
	}

	/** After the heal: the write the cut-off node took must not have been applied anywhere. */
	public void checkCutOffWriteLost(KvClient client) throws InterruptedException {
		KvClient.Result result = client.get(MINORITY_KEY.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		String name = cluster.description().nodeName(isolated);
		if (result.status() != KvClient.Status.DONE) {
			outcome.fail("chaos: reading \"" + MINORITY_KEY + "\" after the heal got no answer: " + result.detail());
		} else if (result.found().isPresent()) {
			outcome.fail("chaos: the write sent to " + name + " while it was cut off was applied: \"" + MINORITY_KEY
					+ "\" reads " + PercentEncoding.readable(result.found().get()));
		} else {
			progress.say("chaos: the write sent to " + name + " while it was cut off was never applied (\""
					+ MINORITY_KEY + "\" is absent)");
		}
	}

	/** The cut-off leader must notice it lost its quorum and step down (check-quorum), while still cut off. */
	public void awaitOldLeaderStepsDown(long waitMillis) throws InterruptedException {
		String name = cluster.description().nodeName(isolated);
		long deadline = System.nanoTime() + waitMillis * 1_000_000L;
		while (System.nanoTime() < deadline) {
			Optional<NodeStatus> status = status(isolated);
			if (status.isPresent() && !status.get().isLeader()) {
				Optional<Long> seen = Optional.empty();
				try {
					seen = stepDownSeen.get(0, TimeUnit.MILLISECONDS); // the event came before the status answer
				} catch (ExecutionException | TimeoutException e) {
					// log-level none: no role events, only the status answer tells
				}
				long when = seen.orElse(System.nanoTime());
				progress.say(String.format(Locale.ROOT, "chaos: %s stepped down (role %s, term %d), %.0f ms after the "
						+ "cut", name, status.get().role(), status.get().term(), (when - cutNanos) / 1e6));
				return;
			}
			Thread.sleep(50);
		}
		outcome.fail("chaos: " + name + " still says it leads " + waitMillis + " ms after it was cut off from the "
				+ "majority");
	}

	/** Heals the segment and waits until every node agrees with the leader on term, leader and commit index. */
	public void healAndConverge(long waitMillis) throws InterruptedException {
		try {
			hub.command("heal");
		} catch (IOException e) {
			outcome.fail("chaos: " + e.getMessage());
			return;
		}
		long healNanos = System.nanoTime();
		progress.say("chaos: hub 'heal': every link is up again");
		long deadline = healNanos + waitMillis * 1_000_000L;
		String last = "no status yet";
		while (System.nanoTime() < deadline) {
			List<NodeStatus> all = new ArrayList<>();
			for (LaunchDescription.Node node : cluster.description().nodes()) {
				status(node.id()).ifPresent(all::add);
			}
			Optional<NodeStatus> leader = all.stream().filter(NodeStatus::isLeader)
					.max((a, b) -> Long.compare(a.term(), b.term()));
			if (leader.isPresent() && all.size() == cluster.description().nodes().size()) {
				NodeStatus l = leader.get();
				boolean agree = all.stream().allMatch(s -> s.term() == l.term() && s.leader() == l.id()
						&& s.commit() == l.commit());
				if (agree) {
					progress.say(String.format(Locale.ROOT, "chaos: converged %.0f ms after the heal: leader %s, term "
							+ "%d, every node at commit %d", (System.nanoTime() - healNanos) / 1e6,
							cluster.description().nodeName(l.id()), l.term(), l.commit()));
					return;
				}
				last = describe(all);
			}
			Thread.sleep(50);
		}
		outcome.fail("chaos: the nodes did not converge within " + waitMillis + " ms of the heal: " + last);
	}

	private String describe(List<NodeStatus> all) {
		StringBuilder text = new StringBuilder();
		for (NodeStatus s : all) {
			text.append(text.length() == 0 ? "" : "; ").append(cluster.description().nodeName(s.id())).append(' ')
					.append(s.role()).append(" term ").append(s.term()).append(" commit ").append(s.commit());
		}
		return text.toString();
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
