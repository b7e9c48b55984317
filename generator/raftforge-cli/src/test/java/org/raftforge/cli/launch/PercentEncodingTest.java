package org.raftforge.cli.launch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The control protocol's byte strings, with the examples of runtime/docs/control-protocol.md. */
class PercentEncodingTest {

	@Test
	void examplesOfTheProtocolDocument() {
		assertEquals("hello%20world", PercentEncoding.encode("hello world"));
		assertEquals("50%25", PercentEncoding.encode("50%"));
		assertEquals("%", PercentEncoding.encode(""));
		assertEquals("blue", PercentEncoding.encode("blue"));
		assertArrayEquals("hello world".getBytes(StandardCharsets.US_ASCII), PercentEncoding.decode("hello%20world"));
		assertArrayEquals(new byte[0], PercentEncoding.decode("%"));
	}

	@Test
	void nonAsciiModelStringsTravelAsUtf8Bytes() {
		assertEquals("gr%C3%BC%C3%9Fe", PercentEncoding.encode("grüße"));
		assertEquals("grüße", new String(PercentEncoding.decode("gr%c3%bc%C3%9Fe"), StandardCharsets.UTF_8));
	}

	@Test
	void everyByteStringRoundTrips() {
		Random random = new Random(4);
		for (int i = 0; i < 2000; i++) {
			byte[] bytes = new byte[random.nextInt(40)];
			random.nextBytes(bytes);
			String token = PercentEncoding.encode(bytes);
			assertTrue(token.chars().allMatch(c -> c >= 0x21 && c <= 0x7E), token);
			assertArrayEquals(bytes, PercentEncoding.decode(token));
		}
	}

	@Test
	void badTokensNameTheColumn() {
		assertEquals("'%' at column 3 is not followed by two hex digits",
				assertThrows(IllegalArgumentException.class, () -> PercentEncoding.decode("ab%4")).getMessage());
		assertEquals("'%' at column 1 is not followed by two hex digits",
				assertThrows(IllegalArgumentException.class, () -> PercentEncoding.decode("%zz")).getMessage());
		assertEquals("character U+0020 at column 2 must be percent-encoded",
				assertThrows(IllegalArgumentException.class, () -> PercentEncoding.decode("a b")).getMessage());
	}

	@Test
	void readableShowsTextQuotedAndBinaryEncoded() {
		assertEquals("\"value1\"", PercentEncoding.readable("value1".getBytes(StandardCharsets.US_ASCII)));
		assertEquals("%00%01", PercentEncoding.readable(new byte[] { 0, 1 }));
		assertEquals("%", PercentEncoding.readable(new byte[0]));
	}
}
