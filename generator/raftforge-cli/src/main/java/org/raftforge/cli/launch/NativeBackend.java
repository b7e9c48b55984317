package org.raftforge.cli.launch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs the native node program ({@code targets.native}): one host process per entry of {@code processes}, its
 * control channel on stdin/stdout, its stderr in {@code <run>/logs/<name>.<incarnation>.stderr}.
 */
public final class NativeBackend implements NodeBackend {

	private final Placeholders placeholders;
	private final Path logs;
	private final boolean transcripts;

	/**
	 * @param transcripts when true, every control line goes to {@code <run>/logs/<name>.<incarnation>.control}
	 */
	public NativeBackend(Placeholders placeholders, boolean transcripts) {
		this.placeholders = placeholders;
		this.logs = placeholders.run().resolve("logs");
		this.transcripts = transcripts;
	}

	@Override
	public String target() {
		return "native";
	}

	@Override
	public NodeProcess start(LaunchDescription.ProcessSpec spec, int incarnation, ControlLink.Listener listener)
			throws IOException {
		List<String> argv = new ArrayList<>();
		for (String arg : spec.argv()) {
			argv.add(placeholders.expand(arg));
		}
		Path cwd = Path.of(placeholders.expand(spec.cwd()));
		Files.createDirectories(cwd);
		Files.createDirectories(logs);
		String base = LogNames.safe(spec.name()) + "." + incarnation;
		Path stderr = logs.resolve(base + ".stderr");
		Process process = new ProcessBuilder(argv).directory(cwd.toFile())
				.redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile())).start();
		Consumer<String> transcript = transcripts ? new ControlTranscript(logs.resolve(base + ".control")) : null;
		ControlLink link = new ControlLink(spec.name(), process.getInputStream(), process.getOutputStream(), listener,
				transcript);
		return new Native(spec, process, link, stderr);
	}

	private record Native(LaunchDescription.ProcessSpec spec, Process process, ControlLink link, Path stderr)
			implements NodeProcess {

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
			process.destroyForcibly(); // SIGKILL on POSIX
		}

		@Override
		public void terminate() {
			process.destroy(); // SIGTERM on POSIX
		}

		@Override
		public boolean awaitExit(long millis) throws InterruptedException {
			return process.waitFor(millis, TimeUnit.MILLISECONDS);
		}

		@Override
		public OptionalInt exitStatus() {
			return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
		}

		@Override
		public String lastDiagnostic() {
			try {
				List<String> lines = Files.readAllLines(stderr, StandardCharsets.UTF_8);
				return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
			} catch (IOException | UncheckedIOException e) {
				return "";
			}
		}
	}
}
