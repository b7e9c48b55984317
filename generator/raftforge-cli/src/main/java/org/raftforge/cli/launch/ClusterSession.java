package org.raftforge.cli.launch;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.raftforge.cli.DiagnosticPrinter;
import org.raftforge.cli.ExitCodes;
import org.raftforge.cli.LoadedModel;
import org.raftforge.cli.ModelFileException;
import org.raftforge.cli.ModelLoader;
import org.raftforge.dsl.model.Variants;
import org.raftforge.dsl.raft.Variant;
import org.raftforge.generator.ClusterGenerator;
import org.raftforge.generator.GenerationReport;
import org.raftforge.generator.PlanProblemsException;
import org.raftforge.generator.ProblemLocation;
import org.raftforge.generator.plan.PlanProblem;

/**
 * Everything before the workload, shared by {@code launch} and {@code bench}: validate the model, generate the
 * variant (through the generator's Java API), read its launch.json, pick the target's backend, build, check the
 * ports, and start every node until each answers. A step that fails ends the session with one clear line and the exit
 * code it deserves ({@link PreflightException}); nothing is left running.
 */
public final class ClusterSession implements AutoCloseable {

	/**
	 * What to launch. {@code runDir} null: a fresh folder under the variant's {@code runs/}. {@code relaunch}: a
	 * given run directory kept by a launch of the same variant is relaunched (its nodes restart from their files);
	 * without it only a new or empty run directory is accepted.
	 */
	public record Request(Path model, String variant, String target, Path outRoot, Path runDir, boolean transcripts,
			boolean relaunch) {

		/** A request that accepts only a new or empty run directory. */
		public Request(Path model, String variant, String target, Path outRoot, Path runDir, boolean transcripts) {
			this(model, variant, target, outRoot, runDir, transcripts, false);
		}
	}

	/** Work a command needs done before nodes start (after the model proved valid), e.g. building a tool. */
	@FunctionalInterface
	public interface Preparation {
		void prepare() throws PreflightException;
	}

	/** A step before the cluster ran refused, with its one-line message(s) and exit code. */
	public static final class PreflightException extends Exception {
		private static final long serialVersionUID = 1L;
		private final int exitCode;

		public PreflightException(String message, int exitCode) {
			super(message);
			this.exitCode = exitCode;
		}

		public int exitCode() {
			return exitCode;
		}
	}

	private final LaunchDescription description;
	private final LaunchDescription.TargetSection target;
	static final int CLIENT_IDS_PER_LAUNCH = 1000;

	private final RunDirectory.Prepared run;
	private final Path runDir;
	private final boolean runDirGiven;
	private final RunningCluster cluster;
	private final Incidents incidents;
	private final long startedMillis;

	private ClusterSession(LaunchDescription description, LaunchDescription.TargetSection target,
			RunDirectory.Prepared run, boolean runDirGiven, RunningCluster cluster, Incidents incidents,
			long startedMillis) {
		this.description = description;
		this.target = target;
		this.run = run;
		this.runDir = run.directory();
		this.runDirGiven = runDirGiven;
		this.cluster = cluster;
		this.incidents = incidents;
		this.startedMillis = startedMillis;
	}

	/**
	 * @param refusal   says why this description cannot be used by the caller (chaos on a channel variant, a bench
	 *                  value that does not fit), or empty
	 * @param preparation runs once the variant is generated and accepted, before the build
	 * @param err       gets the model's diagnostics
	 */
	public static ClusterSession open(Request request, PrintWriter err, ProgressPrinter progress,
			Function<LaunchDescription, Optional<String>> refusal, Preparation preparation)
			throws PreflightException, InterruptedException {
		long commandStart = System.nanoTime();
		LoadedModel loaded;
		try {
			loaded = new ModelLoader().load(request.model());
		} catch (ModelFileException e) {
			throw new PreflightException(e.getMessage(), e.exitCode());
		}
		new DiagnosticPrinter(err).print(loaded, false);
		if (loaded.hasErrors()) {
			throw new PreflightException(request.model() + ": note: nothing launched: fix the errors above first",
					ExitCodes.MODEL_ERRORS);
		}
		Variant variant;
		try {
			variant = Variants.select(loaded.cluster(), request.variant());
		} catch (IllegalArgumentException e) {
			throw new PreflightException(request.model() + ": error: " + e.getMessage(), ExitCodes.USAGE);
		}
		Path variantDir;
		long generateStart = System.nanoTime();
		try {
			GenerationReport report = new ClusterGenerator().generate(loaded.cluster(), request.model(),
					request.outRoot(), List.of(variant.getName()));
			variantDir = report.variants().get(0).directory();
		} catch (PlanProblemsException e) {
			StringBuilder lines = new StringBuilder();
			for (PlanProblem problem : e.problems()) {
				lines.append(ProblemLocation.format(request.model().toString(), problem)).append('\n');
			}
			throw new PreflightException(lines + request.model().toString() + ": note: nothing launched: the model "
					+ "is valid, but the runtime or the target cannot build it as it stands", ExitCodes.MODEL_ERRORS);
		} catch (IOException e) {
			throw new PreflightException(request.outRoot() + ": error: cannot write the generated files: "
					+ e.getMessage(), ExitCodes.USAGE);
		}
		LaunchDescription description;
		try {
			description = LaunchDescription.read(variantDir.resolve("launch.json"));
		} catch (LaunchDescription.InvalidException e) {
			throw new PreflightException(e.getMessage(), ExitCodes.INTERNAL_ERROR);
		}
		String variantName = description.cluster() + "/" + description.variant();
		String targetName = request.target() != null ? request.target() : description.defaultTarget();
		String fallbackNote = "";
		if (request.target() == null && !description.target(targetName).map(NodeBackends::supports).orElse(false)) {
			// the model's own target needs a backend this launcher does not have (yet): the host stands in
			fallbackNote = " (the model's target is " + targetName + ", which this launcher cannot run yet; "
					+ "--target native says so explicitly)";
			targetName = "native";
		}
		String chosen = targetName;
		LaunchDescription.TargetSection target = description.target(chosen).orElseThrow(
				() -> new PreflightException(variantName + " has no '" + chosen + "' section in " + description.file()
						+ (chosen.equals("qemu") ? " (its model target is not a QEMU board); use --target native" : ""),
						ExitCodes.USAGE));
		if (!NodeBackends.supports(target)) {
			throw new PreflightException(variantName + ": error: this launcher cannot run the '" + chosen
					+ "' target (control channel '" + target.control().kind() + "') yet; use --target native",
					ExitCodes.USAGE);
		}
		Optional<String> refused = refusal.apply(description);
		if (refused.isPresent()) {
			throw new PreflightException(request.model() + ": error: " + refused.get(), ExitCodes.USAGE);
		}
		preparation.prepare();
		progress.say(String.format(Locale.ROOT, "%s on %s%s: %d node%s (%s), %s transport, %s storage; generated in %s"
				+ " (%.2f s)", variantName, targetName, fallbackNote, description.nodes().size(),
				description.nodes().size() == 1 ? "" : "s", roles(description), description.transport().kind(),
				description.storage().kind(), variantDir, (System.nanoTime() - generateStart) / 1e9));

		Path runDir = request.runDir() != null ? request.runDir().toAbsolutePath()
				: freshRunDir(variantDir.resolve("runs"));
		RunDirectory.Prepared run = RunDirectory.prepare(runDir, request.runDir() != null, request.relaunch(),
				RunDirectory.Identity.of(description, targetName));
		if (run.relaunch()) {
			progress.say("relaunch " + run.launch() + " of the run in " + runDir + ": the nodes restart from their "
					+ (description.storage().durable() ? "files" : "(memory) storage, that is empty")
					+ "; earlier logs in logs-launch-" + (run.launch() - 1) + "/");
		}
		Placeholders placeholders = new Placeholders(variantDir, runDir);
		NodeBackend backend;
		try {
			backend = NodeBackends.create(description, target, placeholders, request.transcripts(), progress::say)
					.orElseThrow();
		} catch (IOException | IllegalArgumentException e) {
			throw new PreflightException(variantName + ": error: " + e.getMessage(), ExitCodes.ENVIRONMENT);
		}

		BuildStep.Result build;
		try {
			build = BuildStep.run(target.build(), placeholders, runDir.resolve("logs").resolve("build.log"));
		} catch (IOException e) {
			throw new PreflightException(variantName + ": error: cannot build: " + e.getMessage(),
					ExitCodes.ENVIRONMENT);
		}
		if (!build.ok()) {
			throw new PreflightException(variantName + ": error: the build failed: " + build.firstError()
					+ " (whole log: " + build.log() + ")", ExitCodes.ENVIRONMENT);
		}
		progress.say(String.format(Locale.ROOT, "built with %s in %.2f s; run directory %s",
				String.join(" ", target.build().command()), build.millis() / 1e3, runDir));

		// natively every node binds its endpoint on this host; on QEMU they live on the virtual segment
		List<PortCheck.Taken> taken = target.target().equals("native") ? PortCheck.takenPorts(target.endpoints())
				: List.of();
		if (!taken.isEmpty()) {
			StringBuilder lines = new StringBuilder();
			for (PortCheck.Taken port : taken) {
				if (lines.length() > 0) {
					lines.append('\n');
				}
				LaunchDescription.Endpoint endpoint = port.endpoint();
				lines.append(modelPlace(loaded, description.nodeName(endpoint.id()), request.model()))
						.append("error: udp ").append(endpoint.address()).append(':').append(endpoint.port())
						.append(" of node ").append(description.nodeName(endpoint.id()))
						.append(" is in use (").append(port.why()).append("): stop the process that has it, or")
						.append(" change the node's port in the model");
			}
			throw new PreflightException(lines.toString(), ExitCodes.ENVIRONMENT);
		}

		ClusterView view = new ClusterView(description.nodes());
		Incidents incidents = new Incidents(progress);
		RunningCluster cluster = new RunningCluster(description, target, backend, view, incidents, progress);
		long startNanos = System.nanoTime();
		try {
			cluster.startAll(Math.max(5000, description.timing().requestTimeoutMs()));
		} catch (IOException | RunningCluster.StartException e) {
			cluster.close();
			String files = description.storage().durable()
					? "node files in " + runDir.resolve(description.storage().directory()).normalize()
							+ ", left as they are; "
					: "";
			throw new PreflightException(variantName + ": error: a node could not start: " + e.getMessage()
					+ " (" + files + "logs in " + runDir.resolve("logs") + ")", ExitCodes.ENVIRONMENT);
		}
		long startedMillis = (System.nanoTime() - startNanos) / 1_000_000;
		StringBuilder pids = new StringBuilder();
		for (LaunchDescription.ProcessSpec spec : target.processes()) {
			pids.append(pids.length() == 0 ? "" : ", ").append(spec.name()).append(" pid ")
					.append(cluster.processOf(spec.nodes().get(0)).pid());
		}
		progress.say(String.format(Locale.ROOT, "started %d process%s in %d ms: %s", target.processes().size(),
				target.processes().size() == 1 ? "" : "es", startedMillis, pids));
		view.addListener(progress::update);
		progress.update(view.rows());
		return new ClusterSession(description, target, run, request.runDir() != null, cluster, incidents,
				(System.nanoTime() - commandStart) / 1_000_000);
	}

	private static String roles(LaunchDescription description) {
		long voters = description.voters().size();
		long learners = description.nodes().size() - voters;
		return voters + " voter" + (voters == 1 ? "" : "s") + (learners > 0 ? ", " + learners + " learner"
				+ (learners == 1 ? "" : "s") : "");
	}

	/** "FILE:LINE:COL: " of the node's declaration, for messages about it. */
	private static String modelPlace(LoadedModel loaded, String nodeName, Path model) {
		for (org.raftforge.dsl.raft.Node node : loaded.cluster().getNodes()) {
			if (node.getName().equals(nodeName)) {
				INode text = NodeModelUtils.getNode(node);
				if (text != null) {
					return model + ":" + text.getStartLine() + ":1: ";
				}
			}
		}
		return model + ": ";
	}

	private static Path freshRunDir(Path runs) throws PreflightException {
		String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT));
		for (int n = 0; n < 1000; n++) {
			Path candidate = runs.resolve(n == 0 ? stamp : stamp + "-" + n);
			if (!Files.exists(candidate)) {
				return candidate.toAbsolutePath();
			}
		}
		throw new PreflightException(runs + ": error: too many runs this second", ExitCodes.ENVIRONMENT);
	}

	public LaunchDescription description() {
		return description;
	}

	public LaunchDescription.TargetSection target() {
		return target;
	}

	public RunningCluster cluster() {
		return cluster;
	}

	public Incidents incidents() {
		return incidents;
	}

	public Path runDir() {
		return runDir;
	}

	/** 1 for a new run directory, N for the N-th launch on a kept one. */
	public int launch() {
		return run.launch();
	}

	/**
	 * The first client id this launch may use: sessions of earlier launches on the same node files are still in the
	 * state machine, and a new client must not continue their numbering (its writes would be stale). Each launch
	 * gets {@value #CLIENT_IDS_PER_LAUNCH} ids.
	 */
	public long firstClientId() {
		return 1 + (long) (run.launch() - 1) * CLIENT_IDS_PER_LAUNCH;
	}

	/** A history for this launch, continuing the earlier launches' on a relaunch. */
	public History newHistory() {
		return new History(run.earlierHistory());
	}

	/** True when the user named the run directory (it is never deleted then). */
	public boolean runDirGiven() {
		return runDirGiven;
	}

	/** Milliseconds from the start of {@link #open} until every node answered. */
	public long startedMillis() {
		return startedMillis;
	}

	/** Kills whatever still runs. */
	@Override
	public void close() {
		cluster.close();
	}

	/** Deletes the run directory (after a clean run without --keep). */
	public void deleteRunDir() throws IOException {
		if (runDirGiven || !Files.exists(runDir)) {
			return;
		}
		try (var paths = Files.walk(runDir)) {
			for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}
}
