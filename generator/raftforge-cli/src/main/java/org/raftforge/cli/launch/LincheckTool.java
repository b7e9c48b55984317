package org.raftforge.cli.launch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The runtime's linearizability checker ({@code runtime/tools/lincheck_main.c} + {@code runtime/sim/lincheck.c}),
 * which this jar carries as C sources (copied from runtime/ when the jar is built). The first use compiles it with
 * the host C compiler into a folder named after the sources' hash; later uses find it there.
 */
public final class LincheckTool {

	/** Where the jar keeps the sources (see the CLI's pom.xml), relative to the runtime folder. */
	private static final String RESOURCES = "/org/raftforge/cli/launch/lincheck/";
	static final List<String> SOURCES = List.of("tools/lincheck_main.c", "sim/lincheck.c", "sim/lincheck.h",
			"src/raft_control.c", "include/raft/raft_control.h", "include/raft/raft_config.h");
	/** Search states per key before the checker answers "undecided" (a launch's history needs far fewer). */
	static final long MAX_STATES = 20_000_000L;

	/** The checker's verdict: its exit status (0 linearizable, 1 violation, 2 bad input, 3 undecided) and output. */
	public record Verdict(int status, String output) {
		public boolean linearizable() {
			return status == 0;
		}

		public String summary() {
			return switch (status) {
			case 0 -> output.strip();
			case 1 -> "NOT linearizable: " + output.strip().replace('\n', ' ');
			case 3 -> "undecided: " + output.strip().replace('\n', ' ');
			default -> "the checker could not read the history: " + output.strip().replace('\n', ' ');
			};
		}
	}

	/** The tool cannot be built (no C compiler, or the jar lacks the sources). */
	public static final class UnavailableException extends Exception {
		private static final long serialVersionUID = 1L;

		UnavailableException(String message) {
			super(message);
		}
	}

	private final Path executable;

	private LincheckTool(Path executable) {
		this.executable = executable;
	}

	/**
	 * Finds the compiled checker under {@code toolsRoot}, or compiles it there.
	 */
	public static LincheckTool prepare(Path toolsRoot) throws UnavailableException {
		List<byte[]> contents = new ArrayList<>();
		MessageDigest digest;
		try {
			digest = MessageDigest.getInstance("SHA-256");
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
		for (String source : SOURCES) {
			byte[] bytes = resource(source);
			contents.add(bytes);
			digest.update(source.getBytes(StandardCharsets.UTF_8));
			digest.update(bytes);
		}
		String hash = HexFormat.of().formatHex(digest.digest()).substring(0, 12);
		Path folder = toolsRoot.resolve("lincheck-" + hash).toAbsolutePath();
		Path executable = folder.resolve("lincheck");
		if (Files.isExecutable(executable)) {
			return new LincheckTool(executable);
		}
		try {
			for (int i = 0; i < SOURCES.size(); i++) {
				Path file = folder.resolve(SOURCES.get(i));
				Files.createDirectories(file.getParent());
				Files.write(file, contents.get(i));
			}
			Path building = folder.resolve("lincheck.building." + ProcessHandle.current().pid());
			String compiler = System.getenv().getOrDefault("CC", "cc");
			List<String> command = List.of(compiler, "-std=c11", "-O2", "-Wall", "-Wextra", "-Iinclude", "-Isrc",
					"tools/lincheck_main.c", "sim/lincheck.c", "src/raft_control.c", "-o", building.toString());
			// the compiler's output goes to a file, so the time limit holds even when the compiler hangs
			Path log = folder.resolve("lincheck.building." + ProcessHandle.current().pid() + ".log");
			Process process = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true)
					.redirectOutput(log.toFile()).start();
			boolean finished = process.waitFor(120, TimeUnit.SECONDS);
			if (!finished) {
				process.destroyForcibly().waitFor();
			}
			String output = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
			Files.deleteIfExists(log);
			if (!finished || process.exitValue() != 0) {
				throw new UnavailableException("cannot build the linearizability checker in " + folder + ": "
						+ (finished ? firstLine(output) : String.join(" ", command) + " ran over 120 s"));
			}
			// a concurrent launch may build the same tool: the rename makes the finished one appear whole
			Files.move(building, executable, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			return new LincheckTool(executable);
		} catch (IOException e) {
			throw new UnavailableException("cannot build the linearizability checker in " + folder + ": "
					+ e.getMessage() + " (is a C compiler installed? scripts/ensure-debian-packages.sh host-c)");
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new UnavailableException("interrupted while building the linearizability checker");
		}
	}

	public Path executable() {
		return executable;
	}

	/** Checks a history file. */
	public Verdict check(Path history) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(executable.toString(), "--max-states", Long.toString(MAX_STATES),
				history.toAbsolutePath().toString()).redirectErrorStream(true).start();
		process.getOutputStream().close();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		process.waitFor();
		return new Verdict(process.exitValue(), output);
	}

	private static byte[] resource(String source) throws UnavailableException {
		try (InputStream in = LincheckTool.class.getResourceAsStream(RESOURCES + source)) {
			if (in == null) {
				throw new UnavailableException("this RaftForge was built without the checker's sources (runtime/"
						+ source + "); build it with Maven, which copies them");
			}
			return in.readAllBytes();
		} catch (IOException e) {
			throw new UnavailableException("cannot read the checker's source " + source + ": " + e.getMessage());
		}
	}

	private static String firstLine(String output) {
		return output.lines().filter(line -> line.contains("error")).findFirst()
				.orElse(output.lines().findFirst().orElse("the compiler failed"));
	}
}
