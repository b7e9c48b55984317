package org.raftforge.generator.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.raftforge.dsl.sizing.MemoryEstimate;

/**
 * Holds the DSL's memory estimate to what the linker really placed: the estimate must cover the built program's RAM
 * and may exceed it by at most {@link #allowedExcess}, so the check fails when either the runtime grows past the
 * formulas or the formulas grow past the runtime. Figures come from size(1) in Berkeley format (data + bss).
 */
final class RamAgainstEstimate {

	/** How far above the real RAM the estimate may stay: 2 KiB, or 3 % of large (channel) images. */
	static long allowedExcess(long estimate) {
		return Math.max(2048, estimate * 3 / 100);
	}

	private RamAgainstEstimate() {
	}

	/**
	 * A firmware image: data + bss of arm-none-eabi-size (bss includes the NOLOAD .stack section, which must be the
	 * model's stack) against the estimate of the whole image.
	 */
	static void checkFirmware(Path variantDirectory, String name, MemoryEstimate estimate) throws Exception {
		long stackSection = section(variantDirectory, "arm-none-eabi-size", ".stack");
		assertEquals(estimate.stack(), stackSection, name + ": the linker's .stack is not the model's stack");
		long real = dataPlusBss(variantDirectory, "arm-none-eabi-size", "build/firmware/node.elf");
		check(name + " (firmware image, data + bss with the stack)", real, estimate.image(), estimate);
	}

	/** A native program: data + bss of size(1) plus the model's stack (the OS gives the stack, not the binary). */
	static void checkNative(Path variantDirectory, String name, MemoryEstimate estimate) throws Exception {
		long real = dataPlusBss(variantDirectory, "size", "build/native/node") + estimate.stack();
		check(name + " (native program, data + bss + the model's stack)", real, estimate.image(), estimate);
	}

	private static void check(String what, long real, long estimated, MemoryEstimate estimate) {
		long excess = estimated - real;
		System.out.printf(Locale.ROOT, "RAM %s: real %d B, estimated %d B (%+d B, %+.1f %%; %s)%n", what, real,
				estimated, excess, 100.0 * excess / real, estimate.breakdown());
		assertTrue(estimated >= real, what + ": the estimate " + estimated + " B is below the real " + real
				+ " B: the runtime grew past dsl/.../sizing/NodeMemory.java; " + estimate.breakdown());
		assertTrue(excess <= allowedExcess(estimated), what + ": the estimate " + estimated + " B exceeds the real "
				+ real + " B by " + excess + " B (at most " + allowedExcess(estimated)
				+ " B allowed): a formula in NodeMemory.java no longer matches the runtime; " + estimate.breakdown());
	}

	private static long dataPlusBss(Path directory, String tool, String program) throws Exception {
		Make.Result size = Make.run(directory, 30, List.of(tool, program));
		assertEquals(0, size.exitCode(), size.output());
		String[] lines = size.output().strip().split("\n");
		String[] header = lines[0].trim().split("\\s+");
		String[] values = lines[lines.length - 1].trim().split("\\s+");
		assertEquals("data", header[1], size.output());
		assertEquals("bss", header[2], size.output());
		return Long.parseLong(values[1]) + Long.parseLong(values[2]);
	}

	private static long section(Path directory, String tool, String name) throws Exception {
		Make.Result size = Make.run(directory, 30, List.of(tool, "-A", "build/firmware/node.elf"));
		assertEquals(0, size.exitCode(), size.output());
		for (String line : size.output().split("\n")) {
			String[] columns = line.trim().split("\\s+");
			if (columns.length >= 2 && columns[0].equals(name)) {
				return Long.parseLong(columns[1]);
			}
		}
		throw new AssertionError("no section " + name + " in\n" + size.output());
	}
}
