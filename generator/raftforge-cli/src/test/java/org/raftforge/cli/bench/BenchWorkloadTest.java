package org.raftforge.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** The benchmark's fixed workload. */
class BenchWorkloadTest {

	@Test
	void valuesAre256PrintableBytesThatDifferPerOperation() {
		BenchWorkload workload = new BenchWorkload(16);
		byte[] first = workload.value(0);
		byte[] second = workload.value(1);
		assertEquals(256, first.length);
		assertFalse(Arrays.equals(first, second));
		for (byte b : workload.value(123_456)) {
			assertTrue(b >= 0x21 && b <= 0x7E, "printable: " + b);
		}
		assertTrue(new String(workload.value(42), StandardCharsets.US_ASCII).startsWith("42:"));
	}

	@Test
	void keysCycle() {
		BenchWorkload workload = new BenchWorkload(3);
		assertEquals("bench-0", new String(workload.key(0), StandardCharsets.US_ASCII));
		assertEquals("bench-2", new String(workload.key(5), StandardCharsets.US_ASCII));
	}
}
