package org.raftforge.cli.bench;

import java.nio.charset.StandardCharsets;

/**
 * The benchmark's fixed workload: puts of {@value #VALUE_BYTES}-byte values (fewer when a firmware model takes less)
 * over a few keys. Values are printable (so a transcript stays readable) and differ per operation (so no layer can
 * skip a write as a repeat).
 */
public final class BenchWorkload {

	public static final int VALUE_BYTES = 256;

	private final int keys;
	private final int valueBytes;

	/** @param keys how many distinct keys the puts cycle through (fewer than the model's key table holds) */
	public BenchWorkload(int keys) {
		this(keys, VALUE_BYTES);
	}

	/** @param valueBytes bytes per value (the QEMU bench uses the seed's largest, 73, when 256 do not fit) */
	public BenchWorkload(int keys, int valueBytes) {
		if (keys < 1) {
			throw new IllegalArgumentException("at least one key");
		}
		if (valueBytes < 1) {
			throw new IllegalArgumentException("at least one byte per value");
		}
		this.keys = keys;
		this.valueBytes = valueBytes;
	}

	public int keys() {
		return keys;
	}

	public int valueBytes() {
		return valueBytes;
	}

	public byte[] key(long op) {
		return ("bench-" + (op % keys)).getBytes(StandardCharsets.US_ASCII);
	}

	/** Operation number in decimal, then letters up to the value size. */
	public byte[] value(long op) {
		byte[] value = new byte[valueBytes];
		byte[] number = (op + ":").getBytes(StandardCharsets.US_ASCII);
		for (int i = 0; i < valueBytes; i++) {
			value[i] = i < number.length ? number[i] : (byte) ('a' + (op + i) % 26);
		}
		return value;
	}
}
