package org.raftforge.generator.json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON model with a deterministic writer (keys in insertion order, two-space indentation, arrays of plain
 * values on one line), enough for launch.json. Values are String, Integer, Long, Boolean, {@link Obj} and
 * {@link Arr}.
 */
public final class Json {

	private Json() {
	}

	/** An object whose keys keep the order they were put in. */
	public static final class Obj {
		private final Map<String, Object> members = new LinkedHashMap<>();

		public Obj put(String key, Object value) {
			members.put(key, checked(value));
			return this;
		}

		public Map<String, Object> members() {
			return Collections.unmodifiableMap(members);
		}
	}

	/** An array. */
	public static final class Arr {
		private final List<Object> elements = new ArrayList<>();

		public Arr add(Object value) {
			elements.add(checked(value));
			return this;
		}

		public List<Object> elements() {
			return Collections.unmodifiableList(elements);
		}
	}

	public static Obj obj() {
		return new Obj();
	}

	public static Arr arr(Object... values) {
		Arr array = new Arr();
		for (Object value : values) {
			array.add(value);
		}
		return array;
	}

	public static Arr arrOf(Iterable<?> values) {
		Arr array = new Arr();
		values.forEach(array::add);
		return array;
	}

	/** The text of {@code value}, ending with a newline. */
	public static String write(Object value) {
		StringBuilder out = new StringBuilder();
		write(out, value, 0);
		return out.append('\n').toString();
	}

	private static Object checked(Object value) {
		if (value instanceof String || value instanceof Integer || value instanceof Long || value instanceof Boolean
				|| value instanceof Obj || value instanceof Arr) {
			return value;
		}
		throw new IllegalArgumentException("not a JSON value: " + value);
	}

	private static void write(StringBuilder out, Object value, int depth) {
		if (value instanceof Obj object) {
			writeObject(out, object, depth);
		} else if (value instanceof Arr array) {
			writeArray(out, array, depth);
		} else if (value instanceof String text) {
			writeString(out, text);
		} else {
			out.append(value);
		}
	}

	private static void writeObject(StringBuilder out, Obj object, int depth) {
		if (object.members.isEmpty()) {
			out.append("{}");
			return;
		}
		out.append("{\n");
		int i = 0;
		for (Map.Entry<String, Object> member : object.members.entrySet()) {
			indent(out, depth + 1);
			writeString(out, member.getKey());
			out.append(": ");
			write(out, member.getValue(), depth + 1);
			out.append(++i < object.members.size() ? ",\n" : "\n");
		}
		indent(out, depth);
		out.append('}');
	}

	private static void writeArray(StringBuilder out, Arr array, int depth) {
		if (array.elements.isEmpty()) {
			out.append("[]");
			return;
		}
		boolean plain = array.elements.stream().noneMatch(e -> e instanceof Obj || e instanceof Arr);
		if (plain) {
			out.append("[ ");
			for (int i = 0; i < array.elements.size(); i++) {
				write(out, array.elements.get(i), depth);
				out.append(i + 1 < array.elements.size() ? ", " : " ");
			}
			out.append(']');
			return;
		}
		out.append("[\n");
		for (int i = 0; i < array.elements.size(); i++) {
			indent(out, depth + 1);
			write(out, array.elements.get(i), depth + 1);
			out.append(i + 1 < array.elements.size() ? ",\n" : "\n");
		}
		indent(out, depth);
		out.append(']');
	}

	private static void writeString(StringBuilder out, String text) {
		out.append('"');
		for (char c : text.toCharArray()) {
			switch (c) {
			case '"' -> out.append("\\\"");
			case '\\' -> out.append("\\\\");
			case '\n' -> out.append("\\n");
			case '\r' -> out.append("\\r");
			case '\t' -> out.append("\\t");
			default -> {
				if (c < 0x20 || c == 0x2028 || c == 0x2029) {
					out.append(String.format("\\u%04x", (int) c));
				} else {
					out.append(c);
				}
			}
			}
		}
		out.append('"');
	}

	private static void indent(StringBuilder out, int depth) {
		out.append("  ".repeat(depth));
	}
}
