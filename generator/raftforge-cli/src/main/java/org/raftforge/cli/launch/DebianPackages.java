package org.raftforge.cli.launch;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The Debian packages a target needs, through the project's {@code scripts/ensure-debian-packages.sh GROUP}, which
 * installs only what is missing and says what it installs. The script is found next to the checkout the launcher runs
 * from; without it, the launcher checks the programs itself and names the packages to install.
 */
final class DebianPackages {

	private static final String SCRIPT = "scripts/ensure-debian-packages.sh";

	private DebianPackages() {
	}

	/**
	 * Makes sure the {@code group}'s packages are installed.
	 *
	 * @param programs what the target runs (checked on the PATH when the script is not at hand)
	 * @param packages the group's packages, for the message
	 * @param say      gets the script's own lines ("installing ...")
	 * @throws IOException when something is missing and cannot be installed (the message says what to do)
	 */
	static void ensure(String group, List<String> programs, String packages, Consumer<String> say)
			throws IOException, InterruptedException {
		Optional<Path> script = findScript();
		if (script.isPresent()) {
			// output to a file, not a pipe: reading a pipe to its end would wait past the time limit
			Path output = Files.createTempFile("raftforge-packages-", ".log");
			try {
				Process process = new ProcessBuilder("bash", script.get().toString(), group)
						.redirectErrorStream(true).redirectOutput(output.toFile()).start();
				process.getOutputStream().close();
				boolean finished = process.waitFor(10, TimeUnit.MINUTES);
				if (!finished) {
					process.destroyForcibly().waitFor();
				}
				List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
				lines.forEach(say);
				if (!finished || process.exitValue() != 0) {
					String what = finished ? " failed: " : " did not finish in 10 minutes: ";
					throw new IOException(SCRIPT + " " + group + what + String.join(" | ", lines));
				}
			} finally {
				Files.deleteIfExists(output);
			}
			return;
		}
		List<String> missing = new ArrayList<>();
		for (String program : programs) {
			if (!onPath(program)) {
				missing.add(program);
			}
		}
		if (!missing.isEmpty()) {
			throw new IOException(String.join(", ", missing) + " not found; install the Debian packages " + packages
					+ " (RaftForge's " + SCRIPT + " " + group + " does it)");
		}
	}

	static boolean onPath(String program) {
		String path = System.getenv("PATH");
		if (path == null) {
			return false;
		}
		for (String directory : path.split(File.pathSeparator)) {
			if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, program))) {
				return true;
			}
		}
		return false;
	}

	/** The script of the checkout this launcher's classes come from, else of the working directory's. */
	private static Optional<Path> findScript() {
		List<Path> starts = new ArrayList<>();
		try {
			starts.add(Path.of(DebianPackages.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
		} catch (URISyntaxException | SecurityException | NullPointerException e) {
			// no code location: only the working directory is searched
		}
		starts.add(Path.of("").toAbsolutePath());
		for (Path start : starts) {
			for (Path dir = start; dir != null; dir = dir.getParent()) {
				Path script = dir.resolve(SCRIPT);
				if (Files.isRegularFile(script) && Files.isRegularFile(dir.resolve("runtime/ports/mps2/mps2.mk"))) {
					return Optional.of(script);
				}
			}
		}
		return Optional.empty();
	}
}
