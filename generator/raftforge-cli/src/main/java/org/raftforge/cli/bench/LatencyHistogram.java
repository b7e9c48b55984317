package org.raftforge.cli.bench;

/**
 * Latencies in nanoseconds, recorded into log-linear buckets as HdrHistogram does: values below 2^SUB_BITS are kept
 * exactly, larger ones with SUB_BITS significant bits (an error under 1/2^(SUB_BITS-1), 0.8 % with 8 bits). Memory
 * is fixed however many values are recorded; percentiles report the upper end of the bucket that holds them, so
 * they never understate a latency.
 */
public final class LatencyHistogram {

	private static final int SUB_BITS = 8;
	/** Values below this are their own bucket. */
	private static final int EXACT = 1 << SUB_BITS;
	/** Buckets per power of two above EXACT: the SUB_BITS - 1 bits after the leading one. */
	private static final int HALF = EXACT / 2;
	/** Powers of two from EXACT up to 2^63 (shifts 1 .. 63 - SUB_BITS). */
	private static final int GROUPS = 63 - SUB_BITS;

	private final long[] counts = new long[EXACT + GROUPS * HALF];
	private long total;
	private long max;
	private long min = Long.MAX_VALUE;
	private double sum;

	public void record(long nanos) {
		if (nanos < 0) {
			throw new IllegalArgumentException("a latency is not negative: " + nanos);
		}
		counts[index(nanos)]++;
		total++;
		max = Math.max(max, nanos);
		min = Math.min(min, nanos);
		sum += nanos;
	}

	/** Adds another histogram's values (per-client histograms merged after a run). */
	public void add(LatencyHistogram other) {
		for (int i = 0; i < counts.length; i++) {
			counts[i] += other.counts[i];
		}
		total += other.total;
		max = Math.max(max, other.max);
		min = Math.min(min, other.min);
		sum += other.sum;
	}

	public long count() {
		return total;
	}

	public long max() {
		return max;
	}

	public long min() {
		return total == 0 ? 0 : min;
	}

	public double mean() {
		return total == 0 ? 0 : sum / total;
	}

	/**
	 * The smallest recorded-bucket bound at or below which {@code percentile} % of the values lie (the highest value
	 * for 100); 0 when empty.
	 */
	public long percentile(double percentile) {
		if (percentile < 0 || percentile > 100) {
			throw new IllegalArgumentException("a percentile is 0..100: " + percentile);
		}
		if (total == 0) {
			return 0;
		}
		long rank = Math.max(1, (long) Math.ceil(percentile / 100.0 * total));
		long seen = 0;
		for (int i = 0; i < counts.length; i++) {
			seen += counts[i];
			if (seen >= rank) {
				return Math.min(max, highestIn(i));
			}
		}
		return max;
	}

	/** Bucket of a value: itself below EXACT, else (shift, top SUB_BITS bits). */
	static int index(long value) {
		if (value < EXACT) {
			return (int) value;
		}
		int magnitude = 63 - Long.numberOfLeadingZeros(value); // >= SUB_BITS
		int shift = magnitude - SUB_BITS + 1; // >= 1
		int top = (int) (value >>> shift); // HALF .. EXACT - 1
		return EXACT + (shift - 1) * HALF + (top - HALF);
	}

	/** The largest value that falls into bucket {@code index}. */
	static long highestIn(int index) {
		if (index < EXACT) {
			return index;
		}
		int shift = (index - EXACT) / HALF + 1;
		long top = (index - EXACT) % HALF + HALF;
		// the last bucket's bound is 2^63, which wraps to Long.MIN_VALUE: minus one is Long.MAX_VALUE
		return ((top + 1) << shift) - 1;
	}
}
