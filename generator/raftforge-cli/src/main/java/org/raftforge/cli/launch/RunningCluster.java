package org.raftforge.cli.launch;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The processes of one launch, started through a {@link NodeBackend}: routes requests to a node (with the
 * {@code @id} prefix when its process hosts several), feeds events into the {@link ClusterView}, reports fatal events
 * and unexpected exits as {@link Incidents}, crashes and restarts single nodes, and shuts everything down.
 */
public final class RunningCluster implements AutoCloseable {

	/** A process that could not start: its name and what it (or the system) said. */
	public static final class StartException extends Exception {
		private static final long serialVersionUID = 1L;

		StartException(String message) {
			super(message);
		}
	}

	/** How the shutdown went, per process. */
	public record ShutdownReport(List<String> clean, List<String> problems, long millis) {
	}

	private final LaunchDescription description;
	private final LaunchDescription.TargetSection target;
	private final NodeBackend backend;
	private final ClusterView view;
	private final Incidents incidents;
	private final ProgressPrinter progress;
	private final Map<String, NodeProcess> processes = new ConcurrentHashMap<>();
	private final Map<String, Integer> incarnations = new HashMap<>();
	/** Processes the launcher itself stopped or killed: their end is no incident. */
	private final Map<NodeProcess, Boolean> expectedEnd = new ConcurrentHashMap<>();
	/** A benchmark snapshots every few hundred writes: a line each would bury the figures. */
	private volatile boolean announceSnapshots = true;

	public RunningCluster(LaunchDescription description, LaunchDescription.TargetSection target, NodeBackend backend,
			ClusterView view, Incidents incidents, ProgressPrinter progress) {
		this.description = description;
		this.target = target;
		this.backend = backend;
		this.view = view;
		this.incidents = incidents;
		this.progress = progress;
	}

	public void announceSnapshots(boolean announce) {
		this.announceSnapshots = announce;
	}

	public LaunchDescription description() {
		return description;
	}

	/** The backend the processes run on (the QEMU one has the Ethernet hub the partition chaos drives). */
	public NodeBackend backend() {
		return backend;
	}

	public ClusterView view() {
		return view;
	}

	public List<LaunchDescription.ProcessSpec> processSpecs() {
		return target.processes();
	}

	/**
	 * Starts every process and waits until each node answers {@code status} (port bound, storage loaded).
	 *
	 * @throws StartException when a process ends instead (e.g. its port is taken), with what it said
	 */
	public void startAll(long readyMillis) throws IOException, StartException, InterruptedException {
		for (LaunchDescription.ProcessSpec spec : target.processes()) {
			start(spec);
		}
		for (LaunchDescription.ProcessSpec spec : target.processes()) {
			awaitReady(spec, readyMillis);
		}
	}

	private NodeProcess start(LaunchDescription.ProcessSpec spec) throws IOException {
		int incarnation;
		synchronized (incarnations) {
			incarnation = incarnations.merge(spec.name(), 1, Integer::sum);
		}
		for (long node : spec.nodes()) {
			view.setLiveness(node, ClusterView.Liveness.STARTING);
		}
		NodeProcess[] started = new NodeProcess[1];
		NodeProcess process = backend.start(spec, incarnation, new Listener(spec, started));
		started[0] = process;
		processes.put(spec.name(), process);
		return process;
	}

	private void awaitReady(LaunchDescription.ProcessSpec spec, long readyMillis)
			throws StartException, InterruptedException {
		NodeProcess process = processes.get(spec.name());
		for (long node : spec.nodes()) {
			try {
				NodeLine.Reply reply = request(node, "status").get(readyMillis, TimeUnit.MILLISECONDS);
				reply.status().ifPresent(status -> view.onStatus(node, status));
			} catch (ExecutionException | TimeoutException e) {
				process.awaitExit(1000);
				OptionalInt status = process.exitStatus();
				String said = process.lastDiagnostic();
				throw new StartException(spec.name() + " (" + String.join(" ", spec.argv()) + ") "
						+ (status.isPresent() ? "exited with status " + status.getAsInt() : "did not answer status in "
								+ readyMillis + " ms")
						+ (said.isEmpty() ? "" : ": " + said));
			}
		}
	}

	/** The process that hosts {@code node}. */
	public NodeProcess processOf(long node) {
		for (LaunchDescription.ProcessSpec spec : target.processes()) {
			if (spec.nodes().contains(node)) {
				return processes.get(spec.name());
			}
		}
		throw new IllegalArgumentException("no process hosts node " + node);
	}

	private LaunchDescription.ProcessSpec specOf(long node) {
		return target.processes().stream().filter(spec -> spec.nodes().contains(node)).findFirst()
				.orElseThrow(() -> new IllegalArgumentException("no process hosts node " + node));
	}

	/** Sends a request to {@code node}; fails with {@link ControlLink.LinkClosedException} when its process is gone. */
	public CompletableFuture<NodeLine.Reply> request(long node, String request) {
		NodeProcess process = processOf(node);
		if (process == null || process.link().isClosed()) {
			return CompletableFuture.failedFuture(
					new ControlLink.LinkClosedException(description.nodeName(node) + " is not running"));
		}
		return process.link().request(target.control().nodePrefix() ? node : 0, request);
	}

	public boolean isRunning(long node) {
		NodeProcess process = processOf(node);
		return process != null && process.isAlive() && !process.link().isClosed();
	}

	/** True when {@code node} has a process of its own, which can crash without taking other nodes along. */
	public boolean runsAlone(long node) {
		return specOf(node).nodes().size() == 1;
	}

	/** kill -9 of the node's process. */
	public void crash(long node) throws InterruptedException {
		if (!runsAlone(node)) {
			throw new IllegalStateException(description.nodeName(node) + " shares its process with other nodes");
		}
		NodeProcess process = processOf(node);
		expectedEnd.put(process, true);
		view.setLiveness(node, ClusterView.Liveness.KILLED);
		process.crash();
		process.awaitExit(5000);
	}

	/** Starts the node's process again, from its files, and waits until it answers. */
	public NodeProcess restart(long node, long readyMillis) throws IOException, StartException, InterruptedException {
		LaunchDescription.ProcessSpec spec = specOf(node);
		NodeProcess old = processes.get(spec.name());
		if (old != null && old.isAlive()) {
			throw new IllegalStateException(spec.name() + " is still running");
		}
		NodeProcess process = start(spec);
		awaitReady(spec, readyMillis);
		return process;
	}

	/**
	 * Asks every running node to stop ({@code shutdown}), then waits for every process to end: with status 0 it is
	 * clean; a process that does not end in time gets SIGTERM, then SIGKILL, and is reported.
	 */
	public ShutdownReport shutdown(long replyMillis, long exitMillis) throws InterruptedException {
		long start = System.nanoTime();
		List<String> clean = new ArrayList<>();
		List<String> problems = new ArrayList<>();
		Map<Long, CompletableFuture<NodeLine.Reply>> replies = new LinkedHashMap<>();
		for (LaunchDescription.ProcessSpec spec : target.processes()) {
			NodeProcess process = processes.get(spec.name());
			if (process == null || !process.isAlive()) {
				continue;
			}
			expectedEnd.put(process, true);
			for (long node : spec.nodes()) {
				replies.put(node, request(node, "shutdown"));
			}
		}
		for (Map.Entry<Long, CompletableFuture<NodeLine.Reply>> entry : replies.entrySet()) {
			String name = description.nodeName(entry.getKey());
			try {
				NodeLine.Reply reply = entry.getValue().get(replyMillis, TimeUnit.MILLISECONDS);
				if (!reply.isOk()) {
					problems.add(name + " answered shutdown with '" + reply.text() + "'");
				}
			} catch (ExecutionException e) {
				problems.add(name + " ended before answering shutdown");
			} catch (TimeoutException e) {
				problems.add(name + " did not answer shutdown within " + replyMillis + " ms");
			}
		}
		for (LaunchDescription.ProcessSpec spec : target.processes()) {
			NodeProcess process = processes.get(spec.name());
			if (process == null || expectedEnd.get(process) == null) {
				continue;
			}
			if (!process.awaitExit(exitMillis)) {
				process.terminate();
				if (!process.awaitExit(2000)) {
					process.crash();
					process.awaitExit(2000);
				}
				problems.add(spec.name() + " did not stop within " + exitMillis + " ms of shutdown; it was killed");
			} else if (process.exitStatus().orElse(-1) != 0) {
				problems.add(spec.name() + " exited with status " + process.exitStatus().orElse(-1)
						+ describe(process));
			} else if (process.link().isClosed() || process.link().awaitEnd(1000)) {
				clean.add(spec.name());
			}
			for (long node : spec.nodes()) {
				if (view.row(node).liveness().running()) {
					view.setLiveness(node, ClusterView.Liveness.STOPPED);
				}
			}
		}
		return new ShutdownReport(clean, problems, (System.nanoTime() - start) / 1_000_000);
	}

	private static String describe(NodeProcess process) {
		String said = process.lastDiagnostic();
		return said.isEmpty() ? "" : ": " + said;
	}

	/** Kills whatever still runs (the launcher is failing or interrupted); no process outlives the launch. */
	@Override
	public void close() {
		for (NodeProcess process : processes.values()) {
			if (process.isAlive()) {
				expectedEnd.put(process, true);
				process.crash();
			}
		}
		for (NodeProcess process : processes.values()) {
			try {
				process.awaitExit(5000);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				return;
			}
		}
		backend.close();
	}

	/** Events and the end of one process's control channel. */
	private final class Listener implements ControlLink.Listener {
		private final LaunchDescription.ProcessSpec spec;
		private final NodeProcess[] process;

		Listener(LaunchDescription.ProcessSpec spec, NodeProcess[] process) {
			this.spec = spec;
			this.process = process;
		}

		private long nodeOf(NodeLine line) {
			return line.node() != 0 ? line.node() : spec.nodes().get(0);
		}

		@Override
		public void onEvent(NodeLine.Event event) {
			long node = nodeOf(event);
			view.onEvent(node, event);
			String name = description.nodeName(node);
			switch (event.kind()) {
			case "fatal" -> incidents.report(name + " stopped on a fatal error: " + event.text()
					+ (event.fields().containsKey("why") ? " ("
							+ PercentEncoding.readable(PercentEncoding.decode(event.fields().get("why"))) + ")" : ""));
			case "snapshot" -> {
				if (announceSnapshots) {
					progress.say(name + ": snapshot at index " + event.longField("index", -1));
				}
			}
			case "bad-frame" -> progress.say(name + ": dropped a bad frame: " + event.text());
			default -> {
				// role and leader changes reach the progress display through the view
			}
			}
		}

		@Override
		public void onUnexpected(NodeLine line) {
			String name = line.node() != 0 ? description.nodeName(line.node()) : spec.name();
			String why = line instanceof NodeLine.Unreadable unreadable ? unreadable.why()
					: "a reply to a request never sent";
			incidents.report(name + " wrote a line the control protocol does not allow (" + why + "): '"
					+ line.text() + "'");
		}

		@Override
		public void onClosed(IOException cause) {
			NodeProcess ended = process[0];
			if (ended == null) {
				return;
			}
			try {
				ended.awaitExit(2000);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			if (expectedEnd.get(ended) != null) {
				return;
			}
			for (long node : spec.nodes()) {
				view.setLiveness(node, ClusterView.Liveness.EXITED);
			}
			OptionalInt status = ended.exitStatus();
			incidents.report(spec.name() + " (pid " + ended.pid() + ") ended unexpectedly"
					+ (status.isPresent() ? " with status " + status.getAsInt() : "") + describe(ended));
		}
	}
}
