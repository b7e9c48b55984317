package org.raftforge.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The benchmark's histogram against exact percentiles of the same values. */
class LatencyHistogramTest {

	@Test
	void percentilesWithinOnePercentOfTheExactValues() {
		Random random = new Random(7);
		long[] values = new long[100_000];
		LatencyHistogram histogram = new LatencyHistogram();
		for (int i = 0; i < values.length; i++) {
			// commit latencies: mostly 300-900 us, a tail to 80 ms
			long nanos = i % 100 == 0 ? 1_000_000 + random.nextInt(80_000_000) : 300_000 + random.nextInt(600_000);
			values[i] = nanos;
			histogram.record(nanos);
		}
		Arrays.sort(values);
		for (double p : new double[] { 50, 90, 99, 99.9, 100 }) {
			long exact = values[(int) Math.ceil(p / 100 * values.length) - 1];
			long reported = histogram.percentile(p);
			assertTrue(reported >= exact, p + ": " + reported + " < " + exact);
			assertTrue(reported - exact <= exact / 100, p + ": " + reported + " vs " + exact);
		}
		assertEquals(values[values.length - 1], histogram.max());
		assertEquals(values[0], histogram.min());
		assertEquals(values.length, histogram.count());
	}

	@Test
	void smallValuesAreExact() {
		LatencyHistogram histogram = new LatencyHistogram();
		for (long v = 1; v <= 100; v++) {
			histogram.record(v);
		}
		assertEquals(50, histogram.percentile(50));
		assertEquals(99, histogram.percentile(99));
		assertEquals(100, histogram.percentile(100));
	}

	@Test
	void bucketsCoverEveryValueOnce() {
		long previousHighest = -1;
		for (int index = 0; index < 256 + 55 * 128; index++) {
			long highest = LatencyHistogram.highestIn(index);
			assertTrue(highest > previousHighest, "bucket " + index);
			assertEquals(index, LatencyHistogram.index(previousHighest + 1), "lowest of bucket " + index);
			assertEquals(index, LatencyHistogram.index(highest), "highest of bucket " + index);
			previousHighest = highest;
		}
		assertEquals(Long.MAX_VALUE, LatencyHistogram.highestIn(256 + 55 * 128 - 1));
	}

	@Test
	void mergedHistogramsAndBadInput() {
		LatencyHistogram a = new LatencyHistogram();
		LatencyHistogram b = new LatencyHistogram();
		a.record(1_000);
		b.record(3_000);
		a.add(b);
		assertEquals(2, a.count());
		assertEquals(2_000.0, a.mean());
		assertEquals(0, new LatencyHistogram().percentile(99));
		assertThrows(IllegalArgumentException.class, () -> a.record(-1));
		assertThrows(IllegalArgumentException.class, () -> a.percentile(101));
	}
}
