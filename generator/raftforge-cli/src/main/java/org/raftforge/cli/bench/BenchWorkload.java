package org.raftforge.cli.bench;

import java.nio.charset.StandardCharsets;

/**
 * The benchmark's fixed workload: puts of {@value #VALUE_BYTES}-byte values over a few keys. Values are printable
 * (so a transcript stays readable) and differ per operation (so no layer can skip a write as a repeat).
 */
public final class BenchWorkload {

	public static final int VALUE_BYTES = 256;

	private final int keys;

	/** @param keys how many distinct keys the puts cycle through (fewer than the model's key table holds) */
	public BenchWorkload(int keys) {
		if (keys < 1) {
			throw new IllegalArgumentException("at least one key");
		}
		this.keys = keys;
	}

	public int keys() {
		return keys;
	}

	public byte[] key(long op) {
		return ("bench-" + (op % keys)).getBytes(StandardCharsets.US_ASCII);
	}

	/** Operation number in decimal, then letters up to VALUE_BYTES. */
	public byte[] value(long op) {
		byte[] value = new byte[VALUE_BYTES];
		byte[] number = (op + ":").getBytes(StandardCharsets.US_ASCII);
		for (int i = 0; i < VALUE_BYTES; i++) {
			value[i] = i < number.length ? number[i] : (byte) ('a' + (op + i) % 26);
		}
		return value;
	}
}
