package org.raftforge.cli.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.raftforge.cli.ExitCodes;
import org.raftforge.cli.launch.ClusterSession.PreflightException;

/**
 * A launch's run directory: a new or empty one, or a run directory kept by an earlier launch of the same variant
 * (cluster, variant, target, storage and node table), whose nodes then restart from their files. {@value #MARKER}
 * says which run a directory holds and how many launches it has seen; the earlier launches' logs move to
 * {@code logs-launch-N/}, and their history stays in {@code history.txt}, which this launch extends. Anything else
 * that is not empty is refused: its files would not be this variant's.
 */
final class RunDirectory {

	static final String MARKER = ".raftforge-run";
	static final String HISTORY = "history.txt";
	private static final String HEADER = "# RaftForge run directory: `raftforge launch MODEL --run-dir DIR` of the same "
			+ "variant restarts its nodes from their files";

	/** What a run's node files belong to. */
	record Identity(String cluster, String variant, String target, String storage, String nodes) {

		static Identity of(LaunchDescription description, String target) {
			return new Identity(description.cluster(), description.variant(), target, description.storage().kind(),
					description.nodes().stream().map(node -> node.id() + "=" + node.name())
							.collect(Collectors.joining(",")));
		}

		Map<String, String> fields() {
			Map<String, String> fields = new LinkedHashMap<>();
			fields.put("cluster", cluster);
			fields.put("variant", variant);
			fields.put("target", target);
			fields.put("storage", storage);
			fields.put("nodes", nodes);
			return fields;
		}

		String describe() {
			return cluster + "/" + variant + " on " + target + " (storage " + storage + ", nodes " + nodes + ")";
		}
	}

	/**
	 * @param launch         1 for a new run directory, N for its N-th launch
	 * @param earlierHistory the earlier launches' history (the checker's lines), empty for a first launch
	 */
	record Prepared(Path directory, int launch, String earlierHistory) {
		boolean relaunch() {
			return launch > 1;
		}
	}

	private RunDirectory() {
	}

	/**
	 * @param given    the user named the directory (else it is a fresh one under runs/)
	 * @param relaunch the command may restart a kept run (launch does; bench measures fresh clusters only)
	 */
	static Prepared prepare(Path directory, boolean given, boolean relaunch, Identity identity)
			throws PreflightException {
		try {
			int launch = 1;
			String earlierHistory = "";
			if (given && Files.isDirectory(directory) && !isEmpty(directory)) {
				if (!relaunch) {
					throw new PreflightException(directory + ": error: the run directory is not empty (it may hold "
							+ "another run's node files); name a new or empty one", ExitCodes.USAGE);
				}
				launch = earlierLaunches(directory, identity) + 1;
				earlierHistory = earlierHistory(directory);
				Path logs = directory.resolve("logs");
				if (Files.isDirectory(logs)) {
					Files.move(logs, directory.resolve("logs-launch-" + (launch - 1)), StandardCopyOption.ATOMIC_MOVE);
				}
			}
			Files.createDirectories(directory.resolve("logs"));
			writeMarker(directory, identity, launch);
			return new Prepared(directory, launch, earlierHistory);
		} catch (IOException e) {
			throw new PreflightException(directory + ": error: cannot prepare the run directory: " + e.getMessage(),
					ExitCodes.ENVIRONMENT);
		}
	}

	private static int earlierLaunches(Path directory, Identity identity) throws IOException, PreflightException {
		Path marker = directory.resolve(MARKER);
		if (!Files.isRegularFile(marker)) {
			throw new PreflightException(directory + ": error: the run directory is not empty and is not one a launch "
					+ "kept (no " + MARKER + "): its files would not be this run's; name a new or empty one, or a "
					+ "run directory kept (--keep) by a launch of " + identity.cluster() + "/" + identity.variant(),
					ExitCodes.USAGE);
		}
		Map<String, String> fields = new LinkedHashMap<>();
		List<String> lines = Files.readAllLines(marker, StandardCharsets.UTF_8);
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i);
			if (line.isEmpty() || line.startsWith("#")) {
				continue;
			}
			int space = line.indexOf(' ');
			if (space <= 0) {
				throw new PreflightException(marker + ":" + (i + 1) + ": error: not a line 'NAME VALUE'; the file says "
						+ "which run the directory holds: restore it, or name a new or empty run directory",
						ExitCodes.USAGE);
			}
			fields.put(line.substring(0, space), line.substring(space + 1));
		}
		Map<String, String> wanted = identity.fields();
		Identity found = new Identity(fields.get("cluster"), fields.get("variant"), fields.get("target"),
				fields.get("storage"), fields.get("nodes"));
		if (!found.fields().equals(wanted)) {
			throw new PreflightException(directory + ": error: the run directory holds a run of " + found.describe()
					+ ", not of " + identity.describe() + ": its node files belong to that run; relaunch it as it "
					+ "was, or name a new or empty run directory", ExitCodes.USAGE);
		}
		try {
			int launches = Integer.parseInt(fields.getOrDefault("launches", ""));
			if (launches < 1) {
				throw new NumberFormatException();
			}
			return launches;
		} catch (NumberFormatException e) {
			throw new PreflightException(marker + ": error: 'launches' is not a positive number; restore the file, "
					+ "or name a new or empty run directory", ExitCodes.USAGE);
		}
	}

	/** The earlier launches' history, checked line by line (a damaged one would fail this launch's check). */
	private static String earlierHistory(Path directory) throws IOException, PreflightException {
		Path file = directory.resolve(HISTORY);
		if (!Files.isRegularFile(file)) {
			return "";
		}
		String text = Files.readString(file, StandardCharsets.US_ASCII);
		try {
			History.latestTime(text);
		} catch (IllegalArgumentException e) {
			throw new PreflightException(file + ":" + e.getMessage() + "; this launch's history continues it: "
					+ "restore it, or name a new or empty run directory", ExitCodes.USAGE);
		}
		return text;
	}

	private static void writeMarker(Path directory, Identity identity, int launch) throws IOException {
		StringBuilder text = new StringBuilder(HEADER).append('\n');
		identity.fields().forEach((name, value) -> text.append(name).append(' ').append(value).append('\n'));
		text.append("launches ").append(launch).append('\n');
		Path temporary = directory.resolve(MARKER + ".tmp");
		Files.writeString(temporary, text, StandardCharsets.UTF_8);
		Files.move(temporary, directory.resolve(MARKER), StandardCopyOption.REPLACE_EXISTING,
				StandardCopyOption.ATOMIC_MOVE);
	}

	private static boolean isEmpty(Path directory) throws IOException {
		try (var entries = Files.list(directory)) {
			return entries.findAny().isEmpty();
		}
	}
}
