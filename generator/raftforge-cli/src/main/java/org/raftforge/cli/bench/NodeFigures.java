package org.raftforge.cli.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a firmware node reports on its semihosting console when it stops cleanly (runtime/ports/mps2,
 * mps2_commit_probe): {@code commit-latency writes=N p50_us=.. p90_us=.. p99_us=.. max_us=.. span_us=.. untracked=N}
 * (writes timed on that node, from the request line's arrival to its {@code ok}) and
 * {@code stack reserved=N unused=N}.
 *
 * @param writes   writes the node acknowledged and timed
 * @param p50Us    median commit latency on the node (microseconds, within the probe's 12.5 % buckets)
 * @param spanUs   from its first timed request to its last acknowledgement
 * @param stackUnused stack bytes never touched since reset, -1 when not reported
 */
public record NodeFigures(long writes, long p50Us, long p90Us, long p99Us, long maxUs, long spanUs, long untracked,
		long stackReserved, long stackUnused) {

	/** The figures of one console log, or empty when the node did not stop cleanly (no summary line). */
	public static Optional<NodeFigures> read(Path consoleLog) throws IOException {
		if (!Files.isRegularFile(consoleLog)) {
			return Optional.empty();
		}
		Map<String, Long> latency = null;
		Map<String, Long> stack = Map.of();
		for (String line : Files.readAllLines(consoleLog, StandardCharsets.ISO_8859_1)) {
			if (line.startsWith("commit-latency ")) {
				latency = fields(line);
			} else if (line.startsWith("stack ")) {
				stack = fields(line);
			}
		}
		if (latency == null) {
			return Optional.empty();
		}
		return Optional.of(new NodeFigures(latency.getOrDefault("writes", 0L), latency.getOrDefault("p50_us", 0L),
				latency.getOrDefault("p90_us", 0L), latency.getOrDefault("p99_us", 0L),
				latency.getOrDefault("max_us", 0L), latency.getOrDefault("span_us", 0L),
				latency.getOrDefault("untracked", 0L), stack.getOrDefault("reserved", -1L),
				stack.getOrDefault("unused", -1L)));
	}

	/** name=value words of a line (numbers only). */
	static Map<String, Long> fields(String line) {
		Map<String, Long> fields = new HashMap<>();
		for (String word : line.split(" ")) {
			int eq = word.indexOf('=');
			if (eq > 0) {
				try {
					fields.put(word.substring(0, eq), Long.parseLong(word.substring(eq + 1)));
				} catch (NumberFormatException e) {
					// not a number: not one of ours
				}
			}
		}
		return fields;
	}

	/** Commits per second the node itself saw over its span. */
	public double commitsPerSecond() {
		return spanUs == 0 ? 0 : writes / (spanUs / 1e6);
	}
}
