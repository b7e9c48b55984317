package org.raftforge.cli.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What a firmware image takes, from {@code arm-none-eabi-size -A} (flash: vectors, code, constants and the initial
 * values of .data; RAM: the stack the linker script reserves, .data and .bss), split by origin from the link map
 * (the mps2 port, lwIP, the Raft runtime, the generated wiring, the C library) and the largest RAM objects from
 * {@code arm-none-eabi-nm}: where the bytes go.
 */
public final class FirmwareSizes {

	/** The goals for one node: whole firmware (Raft + lwIP + drivers) at the seed's settings. */
	public static final long FLASH_GOAL = 40 * 1024;
	public static final long RAM_GOAL = 48 * 1024;

	/** One origin's share. */
	public record Part(String name, long text, long data, long bss) {
	}

	/** One RAM object (a static variable). */
	public record Symbol(String name, long bytes) {
	}

	private final long flash;
	private final long stack;
	private final long data;
	private final long bss;
	private final List<Part> parts;
	private final List<Symbol> largest;

	FirmwareSizes(long flash, long stack, long data, long bss, List<Part> parts, List<Symbol> largest) {
		this.flash = flash;
		this.stack = stack;
		this.data = data;
		this.bss = bss;
		this.parts = parts;
		this.largest = largest;
	}

	/** Measures {@code image} (an ELF) with its link map {@code map} (may be missing: then no split by origin). */
	public static FirmwareSizes measure(Path image, Path map) throws IOException, InterruptedException {
		Map<String, Long> sections = sections(run(List.of("arm-none-eabi-size", "-A", image.toString())));
		long flash = sections.getOrDefault(".vectors", 0L) + sections.getOrDefault(".text", 0L)
				+ sections.getOrDefault(".ARM.exidx", 0L) + sections.getOrDefault(".data", 0L);
		List<Part> parts = Files.isRegularFile(map) ? parts(Files.readAllLines(map, StandardCharsets.ISO_8859_1))
				: List.of();
		List<Symbol> largest = largestRam(run(List.of("arm-none-eabi-nm", "--size-sort", "-S", image.toString())), 8);
		return new FirmwareSizes(flash, sections.getOrDefault(".stack", 0L), sections.getOrDefault(".data", 0L),
				sections.getOrDefault(".bss", 0L), parts, largest);
	}

	public long flash() {
		return flash;
	}

	public long ram() {
		return stack + data + bss;
	}

	public long stack() {
		return stack;
	}

	public List<Part> parts() {
		return parts;
	}

	public List<Symbol> largest() {
		return largest;
	}

	/** "section size addr" lines of {@code size -A}. */
	static Map<String, Long> sections(String sizeOutput) {
		Map<String, Long> sections = new LinkedHashMap<>();
		for (String line : sizeOutput.split("\n")) {
			String[] words = line.trim().split("\\s+");
			if (words.length == 3 && words[0].startsWith(".") && words[1].matches("\\d+")) {
				sections.put(words[0], Long.parseLong(words[1]));
			}
		}
		return sections;
	}

	/**
	 * The link map's input sections by origin (object file path): the part of flash and RAM each contributes. String
	 * literals merged across objects and unwind entries are left out (their input sizes overlap).
	 */
	static List<Part> parts(List<String> map) {
		Map<String, long[]> sums = new LinkedHashMap<>();
		for (String origin : List.of("mps2 port", "lwIP", "Raft runtime", "generated wiring", "C library", "other")) {
			sums.put(origin, new long[3]);
		}
		boolean inMap = false;
		String pending = null;
		for (String line : map) {
			if (line.startsWith("Linker script and memory map")) {
				inMap = true;
				continue;
			}
			if (!inMap) {
				continue;
			}
			String[] words = line.trim().split("\\s+");
			String name;
			String address;
			String size;
			String file;
			if (line.startsWith(" .") && words.length == 1) {
				pending = words[0];
				continue;
			} else if (pending != null && words.length == 3 && words[0].startsWith("0x")) {
				name = pending;
				address = words[0];
				size = words[1];
				file = words[2];
			} else if (line.startsWith(" .") && words.length == 4 && words[1].startsWith("0x")) {
				name = words[0];
				address = words[1];
				size = words[2];
				file = words[3];
			} else {
				pending = null;
				continue;
			}
			pending = null;
			if (Long.parseLong(address.substring(2), 16) == 0 && !name.startsWith(".vectors")) {
				continue; // discarded by --gc-sections
			}
			if (name.startsWith(".ARM.exidx") || name.contains(".str1.")) {
				continue;
			}
			int kind = name.startsWith(".text") || name.startsWith(".rodata") || name.startsWith(".vectors") ? 0
					: name.startsWith(".data") ? 1 : name.startsWith(".bss") || name.startsWith("COMMON") ? 2 : -1;
			if (kind < 0) {
				continue;
			}
			sums.get(origin(file))[kind] += Long.parseLong(size.substring(2), 16);
		}
		List<Part> parts = new ArrayList<>();
		sums.forEach((origin, sum) -> {
			if (sum[0] + sum[1] + sum[2] > 0) {
				parts.add(new Part(origin, sum[0], sum[1], sum[2]));
			}
		});
		return parts;
	}

	private static String origin(String file) {
		if (file.contains("/ports/mps2/")) {
			return "mps2 port";
		}
		if (file.contains("/obj/lwip/")) {
			return "lwIP";
		}
		if (file.contains("/runtime/src/")) {
			return "Raft runtime";
		}
		if (file.matches(".*lib(c|c_nano|g|g_nano|gcc|nosys)\\.a.*") || file.contains("libgcc")) {
			return "C library";
		}
		if (file.contains("/obj/")) {
			return "generated wiring";
		}
		return "other";
	}

	/** The largest .data/.bss symbols ("addr size type name" lines of {@code nm -S}). */
	static List<Symbol> largestRam(String nmOutput, int count) {
		List<Symbol> symbols = new ArrayList<>();
		for (String line : nmOutput.split("\n")) {
			String[] words = line.trim().split("\\s+");
			if (words.length == 4 && "bBdD".contains(words[2])) {
				symbols.add(new Symbol(words[3], Long.parseLong(words[1], 16)));
			}
		}
		symbols.sort(Comparator.comparingLong(Symbol::bytes).reversed());
		return List.copyOf(symbols.subList(0, Math.min(count, symbols.size())));
	}

	/** The report: totals against the goals, the split by origin, the largest RAM objects. */
	public List<String> report(int nodesPerImage, long stackUnused) {
		List<String> lines = new ArrayList<>();
		String perNode = nodesPerImage > 1 ? " (one image runs all " + nodesPerImage + " nodes)" : " per node";
		lines.add(String.format(Locale.ROOT, "firmware%s: flash %s, RAM %s (stack %s%s + data %s + bss %s), no heap",
				perNode, kb(flash), kb(ram()), kb(stack), stackUnused >= 0
						? String.format(Locale.ROOT, ", of which %s never used", kb(stackUnused)) : "",
				kb(data), kb(bss)));
		if (nodesPerImage == 1) {
			lines.add(String.format(Locale.ROOT, "goal per node: flash <= %s: %s; RAM <= %s: %s", kb(FLASH_GOAL),
					verdict(flash, FLASH_GOAL), kb(RAM_GOAL), verdict(ram(), RAM_GOAL)));
		} else {
			lines.add(String.format(Locale.ROOT, "per node, sharing the image: RAM %s; goal per node (one image per "
					+ "node) does not apply to a channel image", kb((ram() - stack) / nodesPerImage)));
		}
		if (!parts.isEmpty()) {
			lines.add(String.format(Locale.ROOT, "  %-17s %9s %9s %9s", "where", "flash", "data", "bss"));
			for (Part part : parts) {
				lines.add(String.format(Locale.ROOT, "  %-17s %9d %9d %9d", part.name(), part.text() + part.data(),
						part.data(), part.bss()));
			}
			long attributed = parts.stream().mapToLong(p -> p.text() + p.data()).sum();
			lines.add(String.format(Locale.ROOT, "  %-17s %9d %9s %9s", "merged strings", flash - attributed, "-",
					"-"));
			lines.add(String.format(Locale.ROOT, "  %-17s %9s %9s %9d", "stack", "-", "-", stack));
		}
		if (!largest.isEmpty()) {
			StringBuilder objects = new StringBuilder("  largest RAM objects:");
			for (Symbol symbol : largest) {
				objects.append(' ').append(symbol.name()).append(' ').append(symbol.bytes()).append(',');
			}
			lines.add(objects.substring(0, objects.length() - 1));
		}
		return lines;
	}

	private static String verdict(long bytes, long goal) {
		return bytes <= goal ? String.format(Locale.ROOT, "met (%s to spare)", kb(goal - bytes))
				: String.format(Locale.ROOT, "missed by %s", kb(bytes - goal));
	}

	static String kb(long bytes) {
		return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
	}

	private static String run(List<String> command) throws IOException, InterruptedException {
		Process process;
		try {
			process = new ProcessBuilder(command).redirectErrorStream(true).start();
		} catch (IOException e) {
			throw new IOException("cannot run " + command.get(0) + " (scripts/ensure-debian-packages.sh arm installs "
					+ "it): " + e.getMessage());
		}
		process.getOutputStream().close();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
			process.destroyForcibly();
			throw new IOException(String.join(" ", command) + " failed: " + output.strip());
		}
		return output;
	}
}
