package org.raftforge.cli.launch;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The control protocol's byte-string tokens (runtime/docs/control-protocol.md, "Byte strings"): bytes 0x21..0x7E
 * other than '%' stand for themselves, every other byte is %XX, and the empty string is the lone token "%".
 */
public final class PercentEncoding {

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	private PercentEncoding() {
	}

	public static String encode(byte[] bytes) {
		if (bytes.length == 0) {
			return "%";
		}
		StringBuilder token = new StringBuilder(bytes.length);
		for (byte b : bytes) {
			int unsigned = b & 0xFF;
			if (unsigned >= 0x21 && unsigned <= 0x7E && unsigned != '%') {
				token.append((char) unsigned);
			} else {
				token.append('%').append(HEX[unsigned >> 4]).append(HEX[unsigned & 0xF]);
			}
		}
		return token.toString();
	}

	/** The UTF-8 bytes of a model string, encoded. */
	public static String encode(String text) {
		return encode(text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * @throws IllegalArgumentException naming the 1-based column of the first bad character
	 */
	public static byte[] decode(String token) {
		if (token.equals("%")) {
			return new byte[0];
		}
		if (token.isEmpty()) {
			throw new IllegalArgumentException("empty token (the empty string is written %)");
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(token.length());
		for (int i = 0; i < token.length(); i++) {
			char c = token.charAt(i);
			if (c == '%') {
				int high = i + 2 < token.length() ? Character.digit(token.charAt(i + 1), 16) : -1;
				int low = high >= 0 ? Character.digit(token.charAt(i + 2), 16) : -1;
				if (low < 0) {
					throw new IllegalArgumentException("'%' at column " + (i + 1) + " is not followed by two hex digits");
				}
				bytes.write(high << 4 | low);
				i += 2;
			} else if (c >= 0x21 && c <= 0x7E) {
				bytes.write(c);
			} else {
				throw new IllegalArgumentException(
						String.format("character U+%04X at column %d must be percent-encoded", (int) c, i + 1));
			}
		}
		return bytes.toByteArray();
	}

	/** For messages: the bytes as text when they are printable UTF-8, else the token. */
	public static String readable(byte[] bytes) {
		String text = new String(bytes, StandardCharsets.UTF_8);
		boolean printable = text.codePoints().allMatch(cp -> cp >= 0x20 && cp != 0x7F && cp != 0xFFFD);
		return printable && bytes.length > 0 ? '"' + text + '"' : encode(bytes);
	}
}
