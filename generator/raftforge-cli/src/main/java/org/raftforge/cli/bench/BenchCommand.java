package org.raftforge.cli.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.raftforge.cli.ExitCodes;
import org.raftforge.cli.launch.ClusterSession;
import org.raftforge.cli.launch.ClusterView;
import org.raftforge.cli.launch.History;
import org.raftforge.cli.launch.LaunchDescription;
import org.raftforge.cli.launch.ProgressPrinter;
import org.raftforge.cli.launch.ProgressRenderer;
import org.raftforge.cli.launch.QemuBackend;
import org.raftforge.cli.launch.RunningCluster;
import org.raftforge.cli.launch.StatusPoller;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code raftforge bench MODEL [--variant V] [--target native|qemu] [--clients N] [--ops M]}. */
@Command(name = "bench",
		mixinStandardHelpOptions = true,
		description = { "Launch a variant's cluster and measure it: a fixed workload of puts with 256-byte values, "
				+ "first from one client (one write at a time), then from N concurrent clients, each write "
				+ "acknowledged only after commit (and synced as the model's storage says). Prints commits/s and the "
				+ "commit latency p50/p90/p99/p99.9 of each phase.",
				"On QEMU (the default for a QEMU model) also: the boot-to-leader time, the commit latency the leader "
						+ "measured itself (the UARTs that carry the requests are slower than Raft), and the firmware's "
						+ "flash and RAM per node (arm-none-eabi-size) with where the bytes go; values are as long as "
						+ "the model takes, at most 256 bytes.",
				"Exits 0 when every write was acknowledged, 4 otherwise, 5 when the machine refused, 1 on model "
						+ "errors, 2 on usage errors (e.g. values of 256 bytes do not fit the model)." })
public final class BenchCommand implements Callable<Integer> {

	private static final int NATIVE_OPS = 5000;

	@Spec
	private CommandSpec spec;

	@Parameters(paramLabel = "MODEL", description = "the .raft model")
	private Path model;

	@Option(names = "--variant", paramLabel = "V", description = "the variant (default: the model's default variant)")
	private String variant;

	@Option(names = "--target", paramLabel = "native|qemu",
			description = "where the nodes run (default: the variant's own target: qemu for QEMU models)")
	private String target;

	@Option(names = "--clients", paramLabel = "N",
			description = "concurrent clients of the second phase (default: the model's max pending requests, at most 16)")
	private Integer clients;

	@Option(names = "--ops", paramLabel = "M",
			description = "puts per phase (default: " + NATIVE_OPS + " natively, " + QemuBench.DEFAULT_OPS + " on QEMU)")
	private Integer ops;

	@Option(names = { "-o", "--output" }, paramLabel = "OUT", defaultValue = "generated",
			description = "where the variant is generated (default: ${DEFAULT-VALUE})")
	private Path output;

	@Option(names = "--run-dir", paramLabel = "DIR", description = "run directory, new or empty; never deleted")
	private Path runDir;

	@Option(names = "--keep", description = "keep the run directory after the benchmark")
	private boolean keep;

	@Override
	public Integer call() throws InterruptedException {
		long commandStart = System.nanoTime();
		PrintWriter out = spec.commandLine().getOut();
		PrintWriter err = spec.commandLine().getErr();
		if (target != null && !target.equals("native") && !target.equals("qemu")) {
			err.println("raftforge bench: error: unknown --target '" + target + "'; choose native or qemu");
			return ExitCodes.USAGE;
		}
		if ((ops != null && ops < 1) || (clients != null && clients < 1)) {
			err.println("raftforge bench: error: --ops and --clients need a positive number");
			return ExitCodes.USAGE;
		}
		ProgressPrinter progress = new ProgressPrinter(out, false, commandStart);
		ClusterSession.Request request = new ClusterSession.Request(model, variant, target, output, runDir, false);
		ClusterSession session;
		try {
			session = ClusterSession.open(request, err, progress, this::refusal, () -> {
			});
		} catch (ClusterSession.PreflightException e) {
			err.println(e.getMessage());
			return e.exitCode();
		}
		boolean ok;
		try (session) {
			ok = measure(session, progress, out);
		}
		if (ok && !keep) {
			try {
				session.deleteRunDir();
			} catch (IOException e) {
				progress.say("could not delete the run directory " + session.runDir() + ": " + e.getMessage());
			}
		} else {
			progress.say("run directory kept: " + session.runDir());
		}
		out.flush();
		return ok ? ExitCodes.OK : ExitCodes.LAUNCH_FAILED;
	}

	private int clientsFor(LaunchDescription description) {
		return clients != null ? clients
				: Math.max(1, Math.min(16, Math.min(description.limits().maxPending(),
						description.limits().maxSessions() - 2)));
	}

	/** The target this run uses: the one asked for, else the variant's own. */
	private boolean onQemu(LaunchDescription description) {
		return (target != null ? target : description.defaultTarget()).equals("qemu");
	}

	private Optional<String> refusal(LaunchDescription description) {
		LaunchDescription.Limits limits = description.limits();
		String variantName = description.cluster() + "/" + description.variant();
		if (onQemu(description)) {
			if (limits.maxValueBytes() < 8) {
				return Optional.of(variantName + " takes values of at most " + limits.maxValueBytes() + " bytes; the "
						+ "benchmark needs 8 or more (raise max-entry-size)");
			}
		} else if (limits.maxValueBytes() < BenchWorkload.VALUE_BYTES) {
			return Optional.of("the benchmark writes " + BenchWorkload.VALUE_BYTES + "-byte values, but " + variantName
					+ " takes at most " + limits.maxValueBytes() + " bytes per value: raise the model's max-entry-size"
					+ " (e.g. 512 B, as examples/trio/trio.raft) or bench another model");
		}
		int n = clientsFor(description);
		if (n > limits.maxPending()) {
			return Optional.of("--clients " + n + " is more than the " + limits.maxPending() + " requests a node of "
					+ variantName + " takes in flight (max pending); use at most " + limits.maxPending());
		}
		if (n + 2 > limits.maxSessions()) {
			return Optional.of("--clients " + n + " needs " + (n + 2) + " client sessions, " + variantName
					+ " remembers " + limits.maxSessions() + "; use at most " + (limits.maxSessions() - 2));
		}
		if (limits.maxKeys() < 2) {
			return Optional.of(variantName + " holds " + limits.maxKeys() + " key; the benchmark needs 2 or more");
		}
		return Optional.empty();
	}

	private boolean measure(ClusterSession session, ProgressPrinter progress, PrintWriter out)
			throws InterruptedException {
		if (session.target().target().equals("qemu")) {
			return new QemuBench(session, (QemuBackend) session.cluster().backend(), progress, out)
					.measure(ops != null ? ops : QemuBench.DEFAULT_OPS, clientsFor(session.description()));
		}
		int ops = this.ops != null ? this.ops : NATIVE_OPS;
		RunningCluster cluster = session.cluster();
		cluster.announceSnapshots(false);
		LaunchDescription description = session.description();
		long leaderWait = 2 * description.timing().leaderWaitMs();
		Optional<ClusterView.Row> leader = cluster.view().awaitLeader(row -> true, leaderWait);
		boolean ok = true;
		if (leader.isEmpty()) {
			out.println("FAILED: no leader within " + leaderWait + " ms");
			ok = false;
		} else {
			progress.say("leader: " + leader.get().name() + " (term " + leader.get().term() + ")");
			BenchWorkload workload = new BenchWorkload(Math.min(16, description.limits().maxKeys() / 2));
			BenchPhase phase = new BenchPhase(cluster, new History(), workload);
			int n = clientsFor(description);
			int warmUp = Math.max(1, Math.min(500, ops / 10));
			progress.say("warm-up: " + warmUp + " puts (not measured)");
			BenchPhase.Figures warm = phase.run("warm-up", 1, warmUp, 1);
			progress.say("sequential: " + ops + " puts of " + BenchWorkload.VALUE_BYTES + " B from 1 client");
			BenchPhase.Figures sequential = phase.run("sequential", 1, ops, 2);
			progress.say("concurrent: " + ops + " puts of " + BenchWorkload.VALUE_BYTES + " B from " + n + " clients");
			BenchPhase.Figures concurrent = phase.run("concurrent", n, ops, 3);
			StatusPoller.refresh(cluster); // fresh commit indices for the summary
			progress.say(ProgressRenderer.commitSummary(cluster.view().rows()));
			out.println();
			out.println(String.format(Locale.ROOT, "bench %s/%s on native: %d voter%s%s, %s transport, %s storage%s, "
					+ "values %d B, %d keys", description.cluster(), description.variant(), description.voters().size(),
					description.voters().size() == 1 ? "" : "s",
					description.nodes().size() > description.voters().size()
							? " + " + (description.nodes().size() - description.voters().size()) + " learner(s)" : "",
					description.transport().kind(), description.storage().kind(),
					description.storage().durable() ? " (synced before each acknowledgement)" : "",
					BenchWorkload.VALUE_BYTES, workload.keys()));
			out.println(BenchPhase.Figures.header());
			out.println(sequential.row());
			out.println(concurrent.row());
			out.println("requests sent again (sequential): " + sequential.retrySummary() + "; (concurrent): "
					+ concurrent.retrySummary());
			for (BenchPhase.Figures figures : new BenchPhase.Figures[] { warm, sequential, concurrent }) {
				if (figures.failed() > 0) {
					out.println("FAILED: " + figures.failed() + " writes of the " + figures.name()
							+ " phase were not acknowledged; the first: " + figures.firstFailure());
					ok = false;
				}
			}
		}
		RunningCluster.ShutdownReport report = cluster.shutdown(description.timing().requestTimeoutMs() + 2000, 10_000);
		for (String problem : report.problems()) {
			out.println("FAILED: shutdown: " + problem);
			ok = false;
		}
		for (String incident : session.incidents().all()) {
			out.println("FAILED: " + incident);
			ok = false;
		}
		return ok;
	}
}
