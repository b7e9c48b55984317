package org.raftforge.cli.launch;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.raftforge.cli.ExitCodes;

/**
 * {@code raftforge launch}: a session (generate, build, start), then wait for a leader, run the model's workload
 * (with the chaos scenario asked for), shut down gracefully, check the history for linearizability and give the
 * verdict. The run directory keeps the nodes' files, logs and the history; it is deleted after a clean run unless
 * {@code --keep}.
 */
public final class Launcher {

	/** The launch's options (see {@link LaunchCommand}). */
	public record Options(ClusterSession.Request session, String chaos, boolean keep) {
	}

	private final Options options;
	private final PrintWriter out;
	private final PrintWriter err;
	private final ProgressPrinter progress;
	private final long commandStart;
	private LincheckTool lincheck;

	public Launcher(Options options, PrintWriter out, PrintWriter err, boolean table, long commandStart) {
		this.options = options;
		this.out = out;
		this.err = err;
		this.commandStart = commandStart;
		this.progress = new ProgressPrinter(out, table, commandStart);
	}

	public int run() throws InterruptedException {
		ClusterSession session;
		try {
			// the checker is compiled on first use: before the nodes start, so that it does not delay the launch
			session = ClusterSession.open(options.session(), err, progress, this::refusal, this::prepareChecker);
		} catch (ClusterSession.PreflightException e) {
			progress.finish();
			err.println(e.getMessage());
			return e.exitCode();
		}
		LaunchOutcome outcome = new LaunchOutcome();
		try (session; StatusPoller poller = new StatusPoller(session.cluster(), pollInterval(session))) {
			drive(session, outcome);
		}
		if (outcome.ok() && !options.keep()) {
			try {
				session.deleteRunDir();
			} catch (IOException e) {
				progress.say("could not delete the run directory " + session.runDir() + ": " + e.getMessage());
			}
		} else {
			progress.say("run directory kept: " + session.runDir() + " (node files, logs/, history.txt)");
		}
		progress.finish();
		out.println(outcome.summary());
		for (String failure : outcome.failures().subList(Math.min(1, outcome.failures().size()),
				outcome.failures().size())) {
			out.println("  also: " + failure);
		}
		out.flush();
		return outcome.exitCode();
	}

	private void prepareChecker() throws ClusterSession.PreflightException {
		try {
			lincheck = LincheckTool.prepare(options.session().outRoot().resolve(".tools"));
		} catch (LincheckTool.UnavailableException e) {
			throw new ClusterSession.PreflightException("raftforge launch: error: " + e.getMessage(),
					ExitCodes.ENVIRONMENT);
		}
	}

	private Optional<String> refusal(LaunchDescription description) {
		if (options.chaos() == null) {
			return Optional.empty();
		}
		if (options.chaos().equals("partition")) {
			String target = options.session().target() != null ? options.session().target()
					: description.defaultTarget();
			// no such section: the session says so itself
			return description.target(target).flatMap(section -> PartitionChaos.refusal(description, section));
		}
		return KillLeaderChaos.refusal(description);
	}

	/** About two heartbeats: fresh commit indices without flooding the nodes. */
	private static long pollInterval(ClusterSession session) {
		return Math.max(50, Math.min(250, 2 * session.description().timing().heartbeatMs()));
	}

	private void drive(ClusterSession session, LaunchOutcome outcome)
			throws InterruptedException {
		RunningCluster cluster = session.cluster();
		LaunchDescription description = session.description();
		// the bound launch.json gives is a floor; a shared 2-core machine may need more
		long leaderWait = 2 * description.timing().leaderWaitMs();
		Optional<ClusterView.Row> leader = cluster.view().awaitLeader(row -> true, leaderWait);
		if (leader.isEmpty()) {
			outcome.fail("no leader within " + leaderWait + " ms of starting the nodes");
		} else {
			progress.say(String.format(Locale.ROOT, "leader: %s (term %d), %.2f s after the command",
					leader.get().name(), leader.get().term(), secondsSinceCommand()));
			History history = session.newHistory();
			runWorkload(session, outcome, history);
			StatusPoller.refresh(cluster);
			progress.say(ProgressRenderer.commitSummary(cluster.view().rows()));
			shutdown(session, outcome);
			HistoryCheck.check(history, session.runDir(), lincheck, outcome, progress);
		}
		if (leader.isEmpty()) {
			shutdown(session, outcome);
		}
		for (String incident : session.incidents().all()) {
			outcome.fail(incident);
		}
	}

	private void runWorkload(ClusterSession session, LaunchOutcome outcome, History history)
			throws InterruptedException {
		LaunchDescription description = session.description();
		long clientId = session.firstClientId();
		KvClient client = new KvClient(clientId, session.cluster(), history);
		WorkloadRunner runner = new WorkloadRunner(client, description, progress, outcome);
		List<LaunchDescription.WorkloadStep> steps = description.workload();
		if (steps.isEmpty()) {
			progress.say("the model has no workload: nothing to write or read");
		}
		if (options.chaos() == null) {
			progress.say("workload: " + steps.size() + " steps, client " + clientId);
			runner.run(steps);
			return;
		}
		if (options.chaos().equals("partition")) {
			partition(session, runner, client, history, steps, outcome);
			return;
		}
		// kill-leader: the first half of the steps, the kill, the rest while the cluster elects a new leader
		int half = (steps.size() + 1) / 2;
		progress.say("workload: " + steps.size() + " steps, client " + clientId + "; the leader dies after step "
				+ half);
		runner.run(steps.subList(0, half));
		KillLeaderChaos chaos = new KillLeaderChaos(session.cluster(), progress, outcome);
		long leaderWait = 2 * description.timing().leaderWaitMs();
		chaos.killLeader(leaderWait);
		runner.run(steps.subList(half, steps.size()));
		if (chaos.awaitNewLeader(leaderWait)) {
			chaos.restartAndCatchUp(leaderWait);
		}
		progress.say("reading back every acknowledged write");
		int lost = runner.verifyAcknowledgedWrites();
		if (lost == 0) {
			progress.say("no acknowledged write was lost");
		}
	}

	/**
	 * partition: the first half of the steps, the leader cut off through the hub, the rest on the majority's new
	 * leader, the old leader's step-down, the heal, convergence, then every acknowledged write read back.
	 */
	private void partition(ClusterSession session, WorkloadRunner runner, KvClient client, History history,
			List<LaunchDescription.WorkloadStep> steps, LaunchOutcome outcome) throws InterruptedException {
		int half = (steps.size() + 1) / 2;
		progress.say("workload: " + steps.size() + " steps, client " + client.id() + "; the leader is cut off after step "
				+ half);
		runner.run(steps.subList(0, half));
		PartitionChaos chaos = new PartitionChaos(session.cluster(), (QemuBackend) session.cluster().backend(),
				progress, outcome);
		long leaderWait = 2 * session.description().timing().leaderWaitMs();
		boolean cut = chaos.isolateLeader(leaderWait) && chaos.awaitNewLeader(leaderWait);
		if (cut) {
			runner.run(steps.subList(half, steps.size()));
			chaos.writeOnBothSides(runner, history, client.id() + 1);
			chaos.awaitOldLeaderStepsDown(leaderWait);
		}
		chaos.healAndConverge(leaderWait);
		if (cut) {
			chaos.checkCutOffWriteLost(client);
		}
		progress.say("reading back every acknowledged write");
		if (runner.verifyAcknowledgedWrites() == 0) {
			progress.say("no acknowledged write was lost");
		}
	}

	private void shutdown(ClusterSession session, LaunchOutcome outcome) throws InterruptedException {
		long requestTimeout = session.description().timing().requestTimeoutMs();
		RunningCluster.ShutdownReport report = session.cluster().shutdown(requestTimeout + 2000, 10_000);
		for (String problem : report.problems()) {
			outcome.fail("shutdown: " + problem);
		}
		progress.say(String.format(Locale.ROOT, "shutdown: %d of %d process%s stopped cleanly in %d ms, %.2f s "
				+ "after the command", report.clean().size(), session.target().processes().size(),
				session.target().processes().size() == 1 ? "" : "es", report.millis(), secondsSinceCommand()));
	}

	private double secondsSinceCommand() {
		return (System.nanoTime() - commandStart) / 1e9;
	}
}
