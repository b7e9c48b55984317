package org.raftforge.cli.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The client history of a launch, in the linearizability checker's text format (runtime/sim/lincheck.h): every
 * operation with its client, invocation and response times (microseconds since the history began), and what the
 * client saw. Writes whose outcome is unknown (a time-out, a node that died with the request) are recorded as
 * pending: they may or may not have been applied. Operations that failed definitely (the node refused them before
 * the log) are not recorded, as the checker requires.
 */
public final class History {

	public enum Kind {
		PUT, GET, DEL
	}

	/** What the client saw in the end. */
	public enum Result {
		/** put done; get found a value; del removed an existing key */
		OK,
		/** get or del: the key did not exist */
		ABSENT,
		/** no answer, or an answer that says nothing about the outcome (may have been applied) */
		UNKNOWN
	}

	/** One operation; {@code response} is -1 while pending. */
	public record Operation(long client, long invoke, long response, Kind kind, byte[] key, byte[] value,
			Result result) {

		/** One line of the checker's format. */
		public String line() {
			String respond = response < 0 ? "pending" : Long.toString(response);
			String head = client + " " + invoke + " " + respond + " ";
			String key64 = PercentEncoding.encode(key);
			return head + switch (kind) {
			case PUT -> "put " + key64 + " " + PercentEncoding.encode(value);
			case GET -> "get " + key64 + " " + switch (result) {
				case OK -> "value " + PercentEncoding.encode(value);
				case ABSENT -> "absent";
				case UNKNOWN -> "unknown";
				};
			case DEL -> "del " + key64 + " " + switch (result) {
				case OK -> "existed";
				case ABSENT -> "absent";
				case UNKNOWN -> "unknown";
				};
			};
		}
	}

	/** An operation between its invocation and its end. */
	public final class Pending {
		private final long client;
		private final long invoke;
		private final Kind kind;
		private final byte[] key;
		private final byte[] value;
		private boolean ended;

		private Pending(long client, long invoke, Kind kind, byte[] key, byte[] value) {
			this.client = client;
			this.invoke = invoke;
			this.kind = kind;
			this.key = key;
			this.value = value;
		}

		/** The client got an answer: {@code read} is the value a get found (null otherwise). */
		public void completed(Result result, byte[] read) {
			end(new Operation(client, invoke, now(), kind, key, kind == Kind.PUT ? value : read, result));
		}

		/** No answer: the operation may have taken effect at any time after its invocation. */
		public void unknown() {
			end(new Operation(client, invoke, -1, kind, key, kind == Kind.PUT ? value : null, Result.UNKNOWN));
		}

		/** The node refused it before the log: it certainly had no effect, so the history leaves it out. */
		public void refused() {
			synchronized (History.this) {
				ended = true;
			}
		}

		private void end(Operation operation) {
			synchronized (History.this) {
				if (ended) {
					throw new IllegalStateException("operation already ended");
				}
				ended = true;
				operations.add(operation);
			}
		}
	}

	private static final String HEADER = "# client invoke response op key ... (microseconds)\n";

	private final List<Operation> operations = new ArrayList<>();
	private final LongSupplier micros;
	/** Operation lines of earlier launches on the same node files (a relaunch), kept as they were. */
	private final String earlier;

	/** A history whose times are microseconds since now. */
	public History() {
		this("");
	}

	/**
	 * The history of a relaunch: the earlier launches' lines (the checker's format, as {@link #text()} wrote them)
	 * come first, and this launch's times start after their latest, so that the checker explains reads of what they
	 * wrote and lets their unanswered writes take effect now.
	 *
	 * @throws IllegalArgumentException when {@code earlierText} is not in the checker's format (see
	 *                                  {@link #latestTime(String)})
	 */
	public History(String earlierText) {
		long offset = earlierText.isEmpty() ? 0 : latestTime(earlierText) + 1;
		long start = System.nanoTime();
		this.micros = () -> offset + (System.nanoTime() - start) / 1000;
		this.earlier = operationLines(earlierText);
	}

	/** A history with the given clock (microseconds), for tests. */
	public History(LongSupplier micros) {
		this.micros = micros;
		this.earlier = "";
	}

	/**
	 * The latest invocation or response time of a history text (0 when it has no operation).
	 *
	 * @throws IllegalArgumentException "LINE: error: WHAT" for the first line that is not an operation
	 */
	public static long latestTime(String text) {
		long latest = 0;
		List<String> lines = text.lines().toList();
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i);
			if (line.isEmpty() || line.startsWith("#")) {
				continue;
			}
			String[] fields = line.split(" ");
			try {
				if (fields.length < 5) {
					throw new NumberFormatException();
				}
				Long.parseUnsignedLong(fields[0]);
				latest = Math.max(latest, Long.parseLong(fields[1]));
				if (!fields[2].equals("pending")) {
					latest = Math.max(latest, Long.parseLong(fields[2]));
				}
			} catch (NumberFormatException e) {
				throw new IllegalArgumentException((i + 1) + ": error: not an operation 'CLIENT INVOKE RESPONSE OP KEY "
						+ "...' of the checker's history format");
			}
		}
		return latest;
	}

	private static String operationLines(String text) {
		StringBuilder lines = new StringBuilder();
		text.lines().filter(line -> !line.isEmpty() && !line.startsWith("#"))
				.forEach(line -> lines.append(line).append('\n'));
		return lines.toString();
	}

	private long now() {
		return micros.getAsLong();
	}

	public Pending invoke(long client, Kind kind, byte[] key, byte[] value) {
		if (kind == Kind.PUT && value == null) {
			throw new IllegalArgumentException("a put needs a value");
		}
		return new Pending(client, now(), kind, key.clone(), value == null ? null : value.clone());
	}

	public synchronized List<Operation> operations() {
		return List.copyOf(operations);
	}

	/** Operations of earlier launches this history continues (0 for a first launch). */
	public long earlierOperations() {
		return earlier.lines().count();
	}

	/** The whole history in the checker's format: earlier launches' lines, then this launch's in the order they ended. */
	public synchronized String text() {
		StringBuilder text = new StringBuilder(HEADER).append(earlier);
		for (Operation operation : operations) {
			text.append(operation.line()).append('\n');
		}
		return text.toString();
	}

	public void write(Path file) throws IOException {
		Files.writeString(file, text(), StandardCharsets.US_ASCII);
	}
}
