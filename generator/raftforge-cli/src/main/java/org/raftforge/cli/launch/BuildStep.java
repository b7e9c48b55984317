package org.raftforge.cli.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a target's {@code build} command (natively {@code make native}, with {@code -j2}: the machine's two cores
 * are shared) and, when it fails, finds the compiler's first error for the one-line message.
 */
public final class BuildStep {

	/** How the build went; {@code log} holds everything it printed. */
	public record Result(boolean ok, long millis, String firstError, Path log) {
	}

	private BuildStep() {
	}

	public static Result run(LaunchDescription.Build build, Placeholders placeholders, Path log)
			throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		for (String word : build.command()) {
			command.add(placeholders.expand(word));
		}
		if (command.get(0).equals("make") && command.stream().noneMatch(word -> word.startsWith("-j"))) {
			command.add(1, "-j2");
		}
		Files.createDirectories(log.getParent());
		long start = System.nanoTime();
		Process process;
		try {
			process = new ProcessBuilder(command).directory(Path.of(placeholders.expand(build.cwd())).toFile())
					.redirectErrorStream(true).redirectOutput(log.toFile()).start();
		} catch (IOException e) {
			return new Result(false, 0, "cannot run " + command.get(0) + ": " + e.getMessage()
					+ " (scripts/ensure-debian-packages.sh host-c installs make and gcc)", log);
		}
		process.getOutputStream().close();
		int status = process.waitFor();
		long millis = (System.nanoTime() - start) / 1_000_000;
		if (status == 0) {
			for (String artifact : build.artifacts()) {
				Path file = Path.of(placeholders.expand(artifact));
				if (!Files.isRegularFile(file)) {
					return new Result(false, millis, String.join(" ", command) + " succeeded but did not make "
							+ file, log);
				}
			}
			return new Result(true, millis, "", log);
		}
		List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
		return new Result(false, millis, firstError(lines).orElse(String.join(" ", command) + " failed with status "
				+ status), log);
	}

	/** The compiler's first "error:" line, else make's own complaint, else the last line. */
	static Optional<String> firstError(List<String> lines) {
		Optional<String> compiler = lines.stream().filter(line -> line.contains("error:")).findFirst();
		if (compiler.isPresent()) {
			return compiler.map(String::strip);
		}
		Optional<String> make = lines.stream().filter(line -> line.startsWith("make") && line.contains("***"))
				.findFirst();
		if (make.isPresent()) {
			return make.map(String::strip);
		}
		return lines.isEmpty() ? Optional.empty() : Optional.of(lines.get(lines.size() - 1).strip());
	}
}
