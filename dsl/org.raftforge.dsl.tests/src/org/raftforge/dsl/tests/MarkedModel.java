package org.raftforge.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model text with the place a diagnostic must point at written between [[ and ]]:
 * {@code heartbeat [[300ms]]}.
 */
public record MarkedModel(String text, int offset, int length) {

	public static final String OPEN = "[[";
	public static final String CLOSE = "]]";

	public static MarkedModel of(String marked) {
		int open = marked.indexOf(OPEN);
		int close = marked.indexOf(CLOSE);
		assertTrue(open >= 0 && close > open, "mark the expected location with [[...]]");
		assertEquals(-1, marked.indexOf(OPEN, open + 1), "only one [[...]] per model");
		String text = marked.substring(0, open) + marked.substring(open + OPEN.length(), close)
				+ marked.substring(close + CLOSE.length());
		return new MarkedModel(text, open, close - open - OPEN.length());
	}

	public String marked() {
		return text.substring(offset, offset + length);
	}
}
