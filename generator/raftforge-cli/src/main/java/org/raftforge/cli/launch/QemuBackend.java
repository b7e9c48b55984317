package org.raftforge.cli.launch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * Runs {@code targets.qemu} (docs/launch-description.md): the Ethernet hub first (UDP variants), then one
 * qemu-system-arm per entry of {@code processes}, each with its UART0 on a unix socket the launcher connects to as
 * the node's control channel. A crash is a SIGKILL of that QEMU; a restart deletes what the killed one left
 * ({@code stale_files}) and starts it again on the same semihosting files. QEMU's own output goes to
 * {@code <run>/logs/<name>.<incarnation>.qemu.log}, the firmware's console to the process's {@code console_log}.
 *
 * Unix socket paths end at 107 bytes: when the run directory is too deep for that, the backend works through a short
 * symbolic link to it in the temporary directory (removed at the end).
 */
public final class QemuBackend implements NodeBackend {

	/** sockaddr_un.sun_path holds 108 bytes with the terminating NUL. */
	static final int SOCKET_PATH_MAX = 107;
	/** QEMU listens on the UART socket within milliseconds; a loaded machine may need longer. */
	private static final long CONNECT_MILLIS = 15_000;

	/** The keys launch.json adds to a QEMU process. */
	record ProcessExtras(String socket, String consoleLog, OptionalInt hubPort, List<String> staleFiles) {
	}

	private final LaunchDescription description;
	private final LaunchDescription.TargetSection target;
	private final Placeholders placeholders;
	private final Path alias;
	private final Path logs;
	private final boolean transcripts;
	private final Map<String, ProcessExtras> extras;
	private final Path realRun;
	private boolean aliasMade;
	private EthernetHub hub;
	/** System.nanoTime() when the first QEMU was started, and when a leader was first announced (0: not yet). */
	private volatile long firstStartNanos;
	private volatile long leaderNanos;
	/** Every QEMU started: a QEMU does not end with its launcher (a native node does, at end of input). */
	private final List<Process> started = new java.util.concurrent.CopyOnWriteArrayList<>();
	private final Thread killOnExit = new Thread(this::killAll, "kill QEMUs at exit");
	private boolean hookAdded;

	/**
	 * Makes sure QEMU and the ARM toolchain are installed (scripts/ensure-debian-packages.sh arm), before the build.
	 *
	 * @param say gets what the package script says
	 * @throws IllegalArgumentException when the QEMU section lacks a key this backend needs, or a path cannot go into a
	 *                                  QEMU option (the message names it)
	 * @throws IOException              when QEMU or the toolchain is missing and cannot be installed
	 */
	public QemuBackend(LaunchDescription description, LaunchDescription.TargetSection target, Placeholders real,
			boolean transcripts, Consumer<String> say) throws IOException, InterruptedException {
		this.description = description;
		this.target = target;
		this.transcripts = transcripts;
		this.logs = real.run().resolve("logs");
		this.extras = readExtras(target.raw());
		this.realRun = real.run();
		for (Path path : List.of(real.out(), real.run())) {
			if (path.toString().contains(",")) {
				throw new IllegalArgumentException(path + " contains ',', which QEMU's options cannot take in a path: "
						+ "use a directory without commas (-o / --run-dir)");
			}
		}
		if (longestSocket(real) > SOCKET_PATH_MAX) {
			alias = Path.of(System.getProperty("java.io.tmpdir"),
					"rf-" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 16, 36));
			placeholders = new Placeholders(real.out(), alias);
		} else {
			alias = null;
			placeholders = real;
		}
		DebianPackages.ensure("arm", List.of("qemu-system-arm", "arm-none-eabi-gcc"),
				"gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm", say);
	}

	private static Map<String, ProcessExtras> readExtras(JsonObject section) {
		Map<String, ProcessExtras> byName = new HashMap<>();
		JsonArray processes = section.getAsJsonArray("processes");
		for (JsonElement element : processes) {
			JsonObject process = element.getAsJsonObject();
			String name = process.get("name").getAsString();
			List<String> stale = new ArrayList<>();
			if (process.has("stale_files")) {
				process.getAsJsonArray("stale_files").forEach(file -> stale.add(file.getAsString()));
			}
			for (String key : List.of("socket", "console_log")) {
				if (!process.has(key) || !process.get(key).isJsonPrimitive()) {
					throw new IllegalArgumentException("targets.qemu.processes[" + name + "] has no '" + key + "'");
				}
			}
			byName.put(name, new ProcessExtras(process.get("socket").getAsString(),
					process.get("console_log").getAsString(),
					process.has("hub_port") ? OptionalInt.of(process.get("hub_port").getAsInt()) : OptionalInt.empty(),
					List.copyOf(stale)));
		}
		return byName;
	}

	private int longestSocket(Placeholders expanded) {
		int longest = 0;
		for (ProcessExtras process : extras.values()) {
			longest = Math.max(longest, expanded.expand(process.socket()).length());
			for (String file : process.staleFiles()) {
				longest = Math.max(longest, expanded.expand(file).length());
			}
		}
		return longest + "hub-99.sock".length(); // the hub's own sockets sit next to the nodes'
	}

	@Override
	public String target() {
		return "qemu";
	}

	/**
	 * Milliseconds from the start of the first QEMU to the first leader a node announced (QEMU boot, UART connection,
	 * election); empty before, or when the nodes write no events (log-level none).
	 */
	public OptionalDouble bootToLeaderMillis() {
		long first = firstStartNanos;
		long leader = leaderNanos;
		return first == 0 || leader == 0 ? OptionalDouble.empty() : OptionalDouble.of((leader - first) / 1e6);
	}

	/** Notes when the first `event leader` arrives, then passes every event on. */
	private final class LeaderWatch implements ControlLink.Listener {
		private final ControlLink.Listener next;

		LeaderWatch(ControlLink.Listener next) {
			this.next = next;
		}

		@Override
		public void onEvent(NodeLine.Event event) {
			if (leaderNanos == 0 && event.kind().equals("leader")) {
				leaderNanos = System.nanoTime();
			}
			next.onEvent(event);
		}

		@Override
		public void onUnexpected(NodeLine line) {
			next.onUnexpected(line);
		}

		@Override
		public void onClosed(IOException cause) {
			next.onClosed(cause);
		}
	}

	/** The hub, once the first node started (UDP variants); empty for a channel image. */
	public Optional<EthernetHub> hub() {
		return Optional.ofNullable(hub);
	}

	/** The hub port of {@code node} (its position in the node table, from 1), for the hub's commands. */
	public OptionalInt hubPort(long node) {
		for (LaunchDescription.ProcessSpec spec : target.processes()) {
			if (spec.nodes().size() == 1 && spec.nodes().get(0) == node) {
				return extras.get(spec.name()).hubPort();
			}
		}
		return OptionalInt.empty();
	}

	/** Where the firmware of the process hosting {@code node} writes its semihosting console. */
	public Optional<Path> consoleLog(long node) {
		for (LaunchDescription.ProcessSpec spec : target.processes()) {
			if (spec.nodes().contains(node)) {
				return Optional.of(Path.of(placeholders.expand(extras.get(spec.name()).consoleLog())));
			}
		}
		return Optional.empty();
	}

	@Override
	public NodeProcess start(LaunchDescription.ProcessSpec spec, int incarnation, ControlLink.Listener listener)
			throws IOException {
		if (alias != null && !aliasMade) {
			Files.createSymbolicLink(alias, realRun); // a short name for the socket paths
			aliasMade = true;
		}
		startHubOnce();
		ProcessExtras extra = extras.get(spec.name());
		Path cwd = Path.of(placeholders.expand(spec.cwd()));
		Files.createDirectories(cwd);
		if (description.storage().durable() && !description.storage().directory().equals(".")) {
			Files.createDirectories(cwd.resolve(description.storage().directory())); // semihosting cannot mkdir
		}
		for (String stale : extra.staleFiles()) {
			Files.deleteIfExists(Path.of(placeholders.expand(stale)));
		}
		List<String> argv = new ArrayList<>();
		for (String arg : spec.argv()) {
			argv.add(placeholders.expand(arg));
		}
		Files.createDirectories(logs);
		String base = LogNames.safe(spec.name()) + "." + incarnation;
		Path qemuLog = logs.resolve(base + ".qemu.log");
		Process process;
		try {
			if (firstStartNanos == 0) {
				firstStartNanos = System.nanoTime();
			}
			if (!hookAdded) {
				Runtime.getRuntime().addShutdownHook(killOnExit); // Ctrl-C of the launcher takes its QEMUs along
				hookAdded = true;
			}
			process = new ProcessBuilder(pinned(argv, target.processes().indexOf(spec))).directory(cwd.toFile())
					.redirectErrorStream(true).redirectOutput(qemuLog.toFile()).start();
			started.add(process);
		} catch (IOException e) {
			throw new IOException("cannot start " + argv.get(0) + ": " + e.getMessage()
					+ " (scripts/ensure-debian-packages.sh arm installs qemu-system-arm)");
		}
		Path consoleLog = Path.of(placeholders.expand(extra.consoleLog()));
		SocketChannel uart;
		try {
			uart = connect(Path.of(placeholders.expand(extra.socket())), process, qemuLog);
		} catch (IOException e) {
			process.destroyForcibly();
			throw e;
		}
		Consumer<String> transcript = transcripts ? new ControlTranscript(logs.resolve(base + ".control")) : null;
		ControlLink link = new ControlLink(spec.name(), new ChannelInput(uart), new ChannelOutput(uart),
				new LeaderWatch(listener), transcript);
		return new Qemu(spec, process, link, uart, consoleLog, qemuLog);
	}

	/**
	 * {@code argv} run by {@code taskset} on one of the CPUs this launcher may use, the {@code slot}-th round robin.
	 * A QEMU's vCPU thread and its I/O thread then share a core: each frame or UART byte wakes the vCPU from WFI, and a
	 * wake-up within one core costs a fraction of one across cores (seed, memory_udp, 2 cores: leader-side commit
	 * p50 1.34-1.47 ms unpinned, 0.99-1.09 ms pinned; runtime/ports/mps2/README.md). Unchanged when there is one CPU,
	 * no taskset, or RAFTFORGE_QEMU_PIN=0.
	 */
	static List<String> pinned(List<String> argv, int slot) {
		List<Integer> cpus = allowedCpus();
		if (slot < 0 || cpus.size() < 2 || "0".equals(System.getenv("RAFTFORGE_QEMU_PIN"))
				|| !Files.isExecutable(Path.of("/usr/bin/taskset"))) {
			return argv;
		}
		List<String> command = new ArrayList<>(List.of("/usr/bin/taskset", "-c",
				Integer.toString(cpus.get(slot % cpus.size()))));
		command.addAll(argv);
		return command;
	}

	/** The CPUs this process may run on ("Cpus_allowed_list: 0-1,4" in /proc/self/status); empty if unknown. */
	static List<Integer> allowedCpus() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
				if (line.startsWith("Cpus_allowed_list:")) {
					return cpuList(line.substring(line.indexOf(':') + 1).trim());
				}
			}
		} catch (IOException | RuntimeException e) {
			// not Linux, or unreadable: no pinning
		}
		return List.of();
	}

	/** "0-1,4" -> [0, 1, 4]. */
	static List<Integer> cpuList(String list) {
		List<Integer> cpus = new ArrayList<>();
		for (String range : list.split(",")) {
			String[] ends = range.trim().split("-");
			int first = Integer.parseInt(ends[0]);
			int last = ends.length > 1 ? Integer.parseInt(ends[1]) : first;
			for (int cpu = first; cpu <= last; cpu++) {
				cpus.add(cpu);
			}
		}
		return cpus;
	}

	private void startHubOnce() throws IOException {
		if (hub != null || !target.raw().has("hub")) {
			return;
		}
		JsonObject section = target.raw().getAsJsonObject("hub");
		List<String> argv = new ArrayList<>();
		section.getAsJsonArray("argv").forEach(arg -> argv.add(placeholders.expand(arg.getAsString())));
		Path cwd = Path.of(placeholders.expand(section.get("cwd").getAsString()));
		Files.createDirectories(cwd);
		try {
			hub = EthernetHub.start(argv, cwd, section.get("ready_line").getAsString(), logs.resolve("hub.log"), 5000);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted while the Ethernet hub started");
		}
	}

	/** Connects to the UART socket QEMU listens on (it waits for this before it runs the firmware). */
	private static SocketChannel connect(Path socket, Process process, Path qemuLog) throws IOException {
		long deadline = System.nanoTime() + CONNECT_MILLIS * 1_000_000L;
		IOException last = null;
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IOException("QEMU exited with status " + process.exitValue() + " before its UART was up: "
						+ tail(qemuLog, 3));
			}
			SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
			try {
				channel.connect(UnixDomainSocketAddress.of(socket));
				return channel;
			} catch (IOException e) {
				channel.close();
				last = e;
			}
			try {
				Thread.sleep(10);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IOException("interrupted while connecting to " + socket);
			}
		}
		throw new IOException("QEMU did not open its UART socket " + socket + " within " + CONNECT_MILLIS + " ms ("
				+ (last == null ? "" : last.getMessage() + "; ") + tail(qemuLog, 3) + ")");
	}

	/** The last lines of a log, joined, for messages; empty when there is none. */
	static String tail(Path file, int lines) {
		try {
			List<String> all = Files.readAllLines(file, StandardCharsets.ISO_8859_1).stream()
					.filter(line -> !line.isBlank()).toList();
			return String.join(" | ", all.subList(Math.max(0, all.size() - lines), all.size()));
		} catch (IOException | UncheckedIOException e) {
			return "";
		}
	}

	private void killAll() {
		for (Process process : started) {
			process.destroyForcibly();
		}
		if (hub != null) {
			hub.close();
		}
	}

	@Override
	public void close() {
		for (Process process : started) {
			if (process.isAlive()) { // RunningCluster stopped or killed them all; this is the last guard
				process.destroyForcibly();
			}
		}
		if (hookAdded) {
			try {
				Runtime.getRuntime().removeShutdownHook(killOnExit);
			} catch (IllegalStateException e) {
				// the JVM is already shutting down: the hook runs anyway
			}
		}
		if (hub != null) {
			hub.close();
		}
		if (aliasMade) {
			try {
				Files.deleteIfExists(alias);
			} catch (IOException e) {
				// a stale link in the temporary directory is harmless
			}
		}
	}

	private record Qemu(LaunchDescription.ProcessSpec spec, Process process, ControlLink link, SocketChannel uart,
			Path consoleLog, Path qemuLog) implements NodeProcess {

		@Override
		public long pid() {
			return process.pid();
		}

		@Override
		public boolean isAlive() {
			return process.isAlive();
		}

		@Override
		public void crash() {
			process.destroyForcibly(); // SIGKILL: the board loses power; semihosting files keep what was written
		}

		@Override
		public void terminate() {
			process.destroy();
		}

		@Override
		public boolean awaitExit(long millis) throws InterruptedException {
			boolean ended = process.waitFor(millis, TimeUnit.MILLISECONDS);
			if (ended) {
				try {
					uart.close();
				} catch (IOException e) {
					// already closed by QEMU's end
				}
			}
			return ended;
		}

		@Override
		public OptionalInt exitStatus() {
			return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
		}

		/** The firmware's console says why it stopped (fatal reason, fault); QEMU's log why it did not start. */
		@Override
		public String lastDiagnostic() {
			String console = tail(consoleLog, 2);
			String qemu = tail(qemuLog, 2);
			return console.isEmpty() ? qemu : qemu.isEmpty() ? console : console + " | " + qemu;
		}
	}

	/** Reads straight from the channel: Channels.newInputStream would hold a lock that blocks writes meanwhile. */
	private static final class ChannelInput extends InputStream {
		private final SocketChannel channel;

		ChannelInput(SocketChannel channel) {
			this.channel = channel;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			if (length == 0) {
				return 0;
			}
			int n = channel.read(ByteBuffer.wrap(buffer, offset, length));
			return n; // -1 at the end; never 0 on a blocking channel
		}

		@Override
		public void close() throws IOException {
			channel.close();
		}
	}

	private static final class ChannelOutput extends OutputStream {
		private final SocketChannel channel;

		ChannelOutput(SocketChannel channel) {
			this.channel = channel;
		}

		@Override
		public void write(int b) throws IOException {
			write(new byte[] { (byte) b }, 0, 1);
		}

		@Override
		public void write(byte[] buffer, int offset, int length) throws IOException {
			ByteBuffer bytes = ByteBuffer.wrap(buffer, offset, length);
			while (bytes.hasRemaining()) {
				channel.write(bytes);
			}
		}

		/** The UART stays open after the launcher's last request: QEMU has no end of input to give the firmware. */
		@Override
		public void close() {
		}
	}
}
