package org.raftforge.cli.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.raftforge.cli.launch.ClusterSession;
import org.raftforge.cli.launch.ClusterView;
import org.raftforge.cli.launch.History;
import org.raftforge.cli.launch.LaunchDescription;
import org.raftforge.cli.launch.Placeholders;
import org.raftforge.cli.launch.ProgressPrinter;
import org.raftforge.cli.launch.ProgressRenderer;
import org.raftforge.cli.launch.QemuBackend;
import org.raftforge.cli.launch.RunningCluster;
import org.raftforge.cli.launch.StatusPoller;

import com.google.gson.JsonObject;

/**
 * {@code raftforge bench} on QEMU, in one run: boot-to-leader time (first QEMU started to the first leader
 * announced), a fixed workload of puts (one client, then several) timed by the launcher through the UARTs, the commit
 * latency the leader itself measured (request line in to {@code ok} out: the UART, ~10 times slower than a Raft round
 * trip here, is not in it), and the firmware's flash and RAM with where the bytes go.
 */
public final class QemuBench {

	/** Puts per phase when --ops is not given: the UART carries one short line in about a millisecond. */
	public static final int DEFAULT_OPS = 300;
	/** The goal: the leader's commit p50 within 3 x the QEMU UDP round trip. */
	static final double GOAL_ROUND_TRIPS = 3;
	/** The QEMU lwIP UDP round trip through the hub, p50, as runtime/ports/mps2's udp-check measures it here. */
	static final long REFERENCE_ROUND_TRIP_US = 230;

	private final ClusterSession session;
	private final QemuBackend backend;
	private final ProgressPrinter progress;
	private final PrintWriter out;

	public QemuBench(ClusterSession session, QemuBackend backend, ProgressPrinter progress, PrintWriter out) {
		this.session = session;
		this.backend = backend;
		this.progress = progress;
		this.out = out;
	}

	/** Values as long as the benchmark's usual 256 bytes, or as long as the model allows. */
	public static int valueBytes(LaunchDescription description) {
		return Math.min(BenchWorkload.VALUE_BYTES, description.limits().maxValueBytes());
	}

	/** Runs the phases, shuts the cluster down, and prints the figures; false when something failed. */
	public boolean measure(int ops, int clients) throws InterruptedException {
		RunningCluster cluster = session.cluster();
		cluster.announceSnapshots(false);
		LaunchDescription description = session.description();
		long leaderWait = 2 * description.timing().leaderWaitMs();
		Optional<ClusterView.Row> leader = cluster.view().awaitLeader(row -> true, leaderWait);
		boolean ok = true;
		List<BenchPhase.Figures> phases = new ArrayList<>();
		BenchWorkload workload = new BenchWorkload(Math.max(1, Math.min(16, description.limits().maxKeys() / 2)),
				valueBytes(description));
		if (leader.isEmpty()) {
			out.println("FAILED: no leader within " + leaderWait + " ms");
			ok = false;
		} else {
			progress.say("leader: " + leader.get().name() + " (term " + leader.get().term() + ")");
			BenchPhase phase = new BenchPhase(cluster, new History(), workload);
			int warmUp = Math.max(1, Math.min(100, ops / 10));
			progress.say("warm-up: " + warmUp + " puts (not measured)");
			phases.add(phase.run("warm-up", 1, warmUp, 1));
			progress.say("sequential: " + ops + " puts of " + workload.valueBytes() + " B from 1 client");
			phases.add(phase.run("sequential", 1, ops, 2));
			progress.say("concurrent: " + ops + " puts of " + workload.valueBytes() + " B from " + clients
					+ " clients");
			phases.add(phase.run("concurrent", clients, ops, 3));
			StatusPoller.refresh(cluster);
			progress.say(ProgressRenderer.commitSummary(cluster.view().rows()));
		}
		RunningCluster.ShutdownReport report = cluster.shutdown(description.timing().requestTimeoutMs() + 2000, 10_000);
		out.println();
		out.println(String.format(Locale.ROOT, "bench %s/%s on qemu %s: %d voter%s, %s transport (%s), %s storage, "
				+ "values %d B, %d keys", description.cluster(), description.variant(), machine(description),
				description.voters().size(), description.voters().size() == 1 ? "" : "s",
				description.transport().kind(), description.transport().isChannel() ? "every node in one QEMU"
						: "one QEMU per node, Ethernet hub", description.storage().kind(), workload.valueBytes(),
				workload.keys()));
		if (backend.bootToLeaderMillis().isPresent()) {
			out.println(String.format(Locale.ROOT, "boot to leader: %.0f ms (first QEMU started to the first leader "
					+ "announced)", backend.bootToLeaderMillis().getAsDouble()));
		}
		if (!phases.isEmpty()) {
			out.println("commits acknowledged to the launcher, through the UARTs (each request and reply line crosses a "
					+ "QEMU UART):");
			out.println(BenchPhase.Figures.header());
			out.println(phases.get(1).row());
			out.println(phases.get(2).row());
		}
		out.println(machineLoad());
		ok &= nodeSideLatency(description);
		ok &= sizes(description);
		for (String problem : report.problems()) {
			out.println("FAILED: shutdown: " + problem);
			ok = false;
		}
		for (BenchPhase.Figures figures : phases) {
			if (figures.failed() > 0) {
				out.println("FAILED: " + figures.failed() + " writes of the " + figures.name() + " phase were not "
						+ "acknowledged; the first: " + figures.firstFailure());
				ok = false;
			}
		}
		for (String incident : session.incidents().all()) {
			out.println("FAILED: " + incident);
			ok = false;
		}
		return ok;
	}

	/**
	 * Every node is a QEMU with two busy threads when it works (CPU, I/O): on a machine whose cores are shared, a
	 * round trip waits for the host scheduler, so the figures above depend on what else runs.
	 */
	static String machineLoad() {
		int cores = Runtime.getRuntime().availableProcessors();
		String load = "?";
		try {
			load = java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
		} catch (IOException | RuntimeException e) {
			// not Linux: no load figure
		}
		return "host: " + cores + " core" + (cores == 1 ? "" : "s") + ", load average " + load + " (1 min) at the end"
				+ " of the run: every QEMU shares them, so round trips wait for the host's scheduler";
	}

	/** The machine of the QEMU command lines ({@code -machine M}). */
	private String machine(LaunchDescription description) {
		for (LaunchDescription.ProcessSpec spec : session.target().processes()) {
			int at = spec.argv().indexOf("-machine");
			if (at >= 0 && at + 1 < spec.argv().size()) {
				return spec.argv().get(at + 1);
			}
		}
		return "?";
	}

	/** The leader's own commit latency, from the figures every node printed when it stopped. */
	private boolean nodeSideLatency(LaunchDescription description) {
		List<String> lines = new ArrayList<>();
		NodeFigures busiest = null; // the node that acknowledged most writes: the leader for most of the run
		for (LaunchDescription.Node node : description.nodes()) {
			Optional<Path> log = backend.consoleLog(node.id());
			if (log.isEmpty()) {
				continue;
			}
			Optional<NodeFigures> figures;
			try {
				figures = NodeFigures.read(log.get());
			} catch (IOException e) {
				figures = Optional.empty();
			}
			if (figures.isEmpty() || figures.get().writes() == 0) {
				continue;
			}
			NodeFigures f = figures.get();
			lines.add(String.format(Locale.ROOT, "  %-8s %6d writes  p50 %.3f ms  p90 %.3f ms  p99 %.3f ms  max %.3f "
					+ "ms  %6.0f commits/s over its span", node.name(), f.writes(), f.p50Us() / 1e3, f.p90Us() / 1e3,
					f.p99Us() / 1e3, f.maxUs() / 1e3, f.commitsPerSecond()));
			if (busiest == null || f.writes() > busiest.writes()) {
				busiest = f;
			}
			if (description.transport().isChannel()) {
				break; // one image, one probe: the same line for every node
			}
		}
		if (lines.isEmpty()) {
			out.println("commit latency on the nodes: not reported (no node stopped cleanly with its figures)");
			return false;
		}
		out.println("commit latency measured on the node that acknowledged the writes (request line in, ok out: "
				+ "replication, persistence and apply, no UART):");
		lines.forEach(out::println);
		if (!description.transport().isChannel() && busiest != null) {
			long best = busiest.p50Us();
			long goal = (long) (GOAL_ROUND_TRIPS * REFERENCE_ROUND_TRIP_US);
			out.println(String.format(Locale.ROOT, "goal: p50 within %.0f x the QEMU UDP round trip through the hub "
					+ "(%d us p50, runtime/ports/mps2 udp-check) = %.3f ms: %s", GOAL_ROUND_TRIPS,
					REFERENCE_ROUND_TRIP_US, goal / 1e3, best <= goal ? "met" : String.format(Locale.ROOT,
							"missed (p50 %.1f round trips)", best / (double) REFERENCE_ROUND_TRIP_US)));
		}
		return true;
	}

	private boolean sizes(LaunchDescription description) throws InterruptedException {
		JsonObject firmware = session.target().raw().getAsJsonObject("firmware");
		if (firmware == null) {
			out.println("firmware sizes: launch.json has no targets.qemu.firmware section");
			return false;
		}
		Placeholders placeholders = new Placeholders(session.description().file().getParent(), session.runDir());
		Path image = Path.of(placeholders.expand(firmware.get("image").getAsString()));
		int nodesPerImage = firmware.has("nodes_per_image") ? firmware.get("nodes_per_image").getAsInt() : 1;
		long stackUnused = -1;
		for (LaunchDescription.Node node : description.nodes()) {
			Optional<Path> log = backend.consoleLog(node.id());
			try {
				Optional<NodeFigures> figures = log.isPresent() ? NodeFigures.read(log.get()) : Optional.empty();
				if (figures.isPresent() && figures.get().stackUnused() >= 0) {
					stackUnused = stackUnused < 0 ? figures.get().stackUnused()
							: Math.min(stackUnused, figures.get().stackUnused());
				}
			} catch (IOException e) {
				// no stack figure: reported without it
			}
		}
		try {
			FirmwareSizes sizes = FirmwareSizes.measure(image);
			sizes.report(nodesPerImage, stackUnused).forEach(out::println);
			if (stackUnused >= 0) {
				out.println(String.format(Locale.ROOT, "  stack high-water mark: %s of the model's %s (the deepest any "
						+ "node went; the firmware paints the stack at reset and reports it at shutdown)",
						FirmwareSizes.kb(sizes.stack() - stackUnused), FirmwareSizes.kb(sizes.stack())));
			}
			if (nodesPerImage == 1 && sizes.ram() > FirmwareSizes.RAM_GOAL && stackUnused > 0) {
				long used = sizes.stack() - stackUnused;
				long stackThatFits = FirmwareSizes.RAM_GOAL - (sizes.ram() - sizes.stack());
				out.println(String.format(Locale.ROOT, "  the stack used at most %s; a model stack of %s (memory { "
						+ "stack ... }) would %s", FirmwareSizes.kb(used), FirmwareSizes.kb(Math.max(0, stackThatFits)),
						stackThatFits >= used + 512 ? "fit the RAM goal with room to spare"
								: "still not leave room for the stack it needs: shrink the log window or buffers"));
			}
		} catch (IOException e) {
			out.println("firmware sizes: " + e.getMessage());
			return false;
		}
		return true;
	}
}
