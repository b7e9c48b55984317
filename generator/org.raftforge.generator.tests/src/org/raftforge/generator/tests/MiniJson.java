package org.raftforge.generator.tests;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict JSON reader for the tests (launch.json is read the way a launcher would read it): objects become
 * LinkedHashMaps, arrays Lists, numbers Longs, and true/false/null themselves.
 */
final class MiniJson {

	private final String text;
	private int at;

	private MiniJson(String text) {
		this.text = text;
	}

	static Object parse(String text) {
		MiniJson reader = new MiniJson(text);
		Object value = reader.value();
		reader.space();
		if (reader.at != text.length()) {
			throw reader.error("text after the value");
		}
		return value;
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> object(Object value) {
		return (Map<String, Object>) value;
	}

	@SuppressWarnings("unchecked")
	static List<Object> array(Object value) {
		return (List<Object>) value;
	}

	private Object value() {
		space();
		if (at >= text.length()) {
			throw error("value expected");
		}
		char c = text.charAt(at);
		if (c == '{') {
			return objectValue();
		}
		if (c == '[') {
			return arrayValue();
		}
		if (c == '"') {
			return string();
		}
		if (text.startsWith("true", at)) {
			at += 4;
			return Boolean.TRUE;
		}
		if (text.startsWith("false", at)) {
			at += 5;
			return Boolean.FALSE;
		}
		if (text.startsWith("null", at)) {
			at += 4;
			return null;
		}
		return number();
	}

	private Map<String, Object> objectValue() {
		Map<String, Object> members = new LinkedHashMap<>();
		at++;
		space();
		if (peek('}')) {
			at++;
			return members;
		}
		do {
			space();
			String key = string();
			space();
			expect(':');
			if (members.put(key, value()) != null) {
				throw error("duplicate key " + key);
			}
			space();
		} while (next(','));
		expect('}');
		return members;
	}

	private List<Object> arrayValue() {
		List<Object> elements = new ArrayList<>();
		at++;
		space();
		if (peek(']')) {
			at++;
			return elements;
		}
		do {
			elements.add(value());
			space();
		} while (next(','));
		expect(']');
		return elements;
	}

	private String string() {
		expect('"');
		StringBuilder out = new StringBuilder();
		while (true) {
			if (at >= text.length()) {
				throw error("unterminated string");
			}
			char c = text.charAt(at++);
			if (c == '"') {
				return out.toString();
			}
			if (c < 0x20) {
				throw error("control character in a string");
			}
			if (c != '\\') {
				out.append(c);
				continue;
			}
			char e = text.charAt(at++);
			switch (e) {
			case '"', '\\', '/' -> out.append(e);
			case 'n' -> out.append('\n');
			case 'r' -> out.append('\r');
			case 't' -> out.append('\t');
			case 'b' -> out.append('\b');
			case 'f' -> out.append('\f');
			case 'u' -> {
				out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
				at += 4;
			}
			default -> throw error("bad escape \\" + e);
			}
		}
	}

	private Long number() {
		int start = at;
		if (peek('-')) {
			at++;
		}
		while (at < text.length() && Character.isDigit(text.charAt(at))) {
			at++;
		}
		if (start == at) {
			throw error("value expected");
		}
		return Long.parseLong(text.substring(start, at));
	}

	private void space() {
		while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
			at++;
		}
	}

	private boolean peek(char c) {
		return at < text.length() && text.charAt(at) == c;
	}

	private boolean next(char c) {
		space();
		if (peek(c)) {
			at++;
			return true;
		}
		return false;
	}

	private void expect(char c) {
		if (!peek(c)) {
			throw error("'" + c + "' expected");
		}
		at++;
	}

	private IllegalArgumentException error(String what) {
		return new IllegalArgumentException("launch.json at offset " + at + ": " + what);
	}
}
