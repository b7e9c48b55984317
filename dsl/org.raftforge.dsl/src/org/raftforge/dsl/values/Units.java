package org.raftforge.dsl.values;

import java.util.Locale;

/**
 * The units of the language and how values are written back: sizes are bytes, durations
 * are milliseconds.
 */
public final class Units {

	public static final long KIB = 1024;
	public static final long MIB = 1024 * KIB;
	public static final long MILLIS_PER_SECOND = 1000;

	/** Largest size or duration the language accepts: the runtime stores them in 32-bit fields. */
	public static final long MAX_VALUE = Integer.MAX_VALUE;

	private Units() {
	}

	/** The size in the largest unit that keeps it exact: 4096 -> "4 KiB", 100 -> "100 B". */
	public static String size(long bytes) {
		if (bytes != 0 && bytes % MIB == 0) {
			return bytes / MIB + " MiB";
		}
		if (bytes != 0 && bytes % KIB == 0) {
			return bytes / KIB + " KiB";
		}
		return bytes + " B";
	}

	/** Bytes for diagnostics: "74560 B (72.8 KiB)"; small values stay plain. */
	public static String bytesForHumans(long bytes) {
		if (Math.abs(bytes) < KIB) {
			return bytes + " B";
		}
		if (Math.abs(bytes) < MIB) {
			return bytes + " B (" + String.format(Locale.ROOT, "%.1f", bytes / (double) KIB) + " KiB)";
		}
		return bytes + " B (" + String.format(Locale.ROOT, "%.2f", bytes / (double) MIB) + " MiB)";
	}

	/** The duration in the largest unit that keeps it exact: 1000 -> "1s", 300 -> "300ms". */
	public static String duration(long millis) {
		if (millis != 0 && millis % MILLIS_PER_SECOND == 0) {
			return millis / MILLIS_PER_SECOND + "s";
		}
		return millis + "ms";
	}
}
