package org.raftforge.cli.launch;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One line a node wrote on its control channel: a reply to a request, an unsolicited event, or a line that follows
 * neither form (kept with the reason, never dropped silently). Grammar: runtime/docs/control-protocol.md.
 */
public sealed interface NodeLine permits NodeLine.Reply, NodeLine.Event, NodeLine.Unreadable {

	/** The {@code @<id>} prefix of a multi-node image, 0 when the line had none. */
	long node();

	/** The line as read (without its line end). */
	String text();

	/** {@code TAG RESULT...}: the answer to the request that carried TAG. */
	record Reply(long node, String tag, String result, List<String> args, String text) implements NodeLine {

		public boolean isOk() {
			return result.equals("ok");
		}

		public boolean isError() {
			return result.equals("err");
		}

		/** The error code of {@code err CODE [detail]}, empty for other results. */
		public String errorCode() {
			return isError() && !args.isEmpty() ? args.get(0) : "";
		}

		/** The detail after the error code ({@code not-leader 3} gives "3"), empty when none. */
		public String errorDetail() {
			return isError() && args.size() > 1 ? String.join(" ", args.subList(1, args.size())) : "";
		}

		/** The bytes of {@code value V}. */
		public Optional<byte[]> value() {
			return result.equals("value") && args.size() == 1 ? Optional.of(PercentEncoding.decode(args.get(0)))
					: Optional.empty();
		}

		public boolean isNotFound() {
			return result.equals("not-found");
		}

		/** The {@code status ...} fields. */
		public Optional<NodeStatus> status() {
			return result.equals("status") ? Optional.of(NodeStatus.parse(fields(args))) : Optional.empty();
		}
	}

	/** {@code event KIND WORDS... name=value...}. */
	record Event(long node, String kind, List<String> words, Map<String, String> fields, String text)
			implements NodeLine {

		public long longField(String name, long otherwise) {
			String value = fields.get(name);
			if (value == null) {
				return otherwise;
			}
			try {
				return Long.parseUnsignedLong(value);
			} catch (NumberFormatException e) {
				return otherwise;
			}
		}

		public String word(int index) {
			return index < words.size() ? words.get(index) : "";
		}
	}

	/** A line that is neither a reply nor an event; {@code why} says what is wrong with it. */
	record Unreadable(long node, String why, String text) implements NodeLine {
	}

	/** Reads one line (without its "\n"; a "\r" before it is dropped here). */
	static NodeLine parse(String line) {
		String text = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
		if (text.isEmpty()) {
			return new Unreadable(0, "empty line", text);
		}
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < 0x20 || c > 0x7E) {
				return new Unreadable(0, String.format("character U+%04X at column %d (lines are printable ASCII)",
						(int) c, i + 1), text);
			}
		}
		List<String> tokens = Arrays.asList(text.split(" ", -1));
		if (tokens.contains("")) {
			return new Unreadable(0, "leading, trailing or doubled space", text);
		}
		long node = 0;
		int first = 0;
		if (tokens.get(0).startsWith("@")) {
			try {
				node = Long.parseUnsignedLong(tokens.get(0).substring(1));
			} catch (NumberFormatException e) {
				return new Unreadable(0, "bad node prefix " + tokens.get(0), text);
			}
			if (node == 0 || node > 0xFFFF_FFFFL) {
				return new Unreadable(0, "bad node prefix " + tokens.get(0), text);
			}
			first = 1;
		}
		List<String> rest = tokens.subList(first, tokens.size());
		if (rest.size() < 2) {
			return new Unreadable(node, "a reply has a tag and a result; an event a kind", text);
		}
		if (rest.get(0).equals("event")) {
			List<String> after = rest.subList(2, rest.size());
			List<String> words = after.stream().filter(token -> !token.contains("=")).toList();
			return new Event(node, rest.get(1), words, fields(after), text);
		}
		return new Reply(node, rest.get(0), rest.get(1), List.copyOf(rest.subList(2, rest.size())), text);
	}

	/** The {@code name=value} tokens among {@code tokens}, in order. */
	private static Map<String, String> fields(List<String> tokens) {
		Map<String, String> fields = new LinkedHashMap<>();
		for (String token : tokens) {
			int eq = token.indexOf('=');
			if (eq > 0) {
				fields.put(token.substring(0, eq), token.substring(eq + 1));
			}
		}
		return fields;
	}
}
