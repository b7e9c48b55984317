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
 * values of .data; RAM: the stack the linker script reserves, .data and .bss), its code split by origin (the mps2
 * port, lwIP, the Raft runtime, the generated wiring, the C library) from the DWARF line table, and the largest RAM
 * objects from {@code arm-none-eabi-nm}: where the bytes go. The firmware is linked with link-time optimisation, so
 * the link map names only the optimiser's partitions; the line table still says which source file each instruction
 * came from, inlined code included.
 */
public final class FirmwareSizes {

	/** The goals for one node: whole firmware (Raft + lwIP + drivers) at the seed's settings. */
	public static final long FLASH_GOAL = 40 * 1024;
	public static final long RAM_GOAL = 48 * 1024;

	/** One origin's code bytes. */
	public record Part(String name, long code) {
	}

	/** One RAM object (a static variable). */
	public record Symbol(String name, long bytes) {
	}

	/** The origins in report order; "other" takes code whose source file none of them claims. */
	private static final List<String> ORIGINS = List.of("mps2 port", "lwIP", "Raft runtime", "generated wiring",
			"C library", "other");
	/** Sources the generator writes next to the runtime copy. */
	private static final List<String> GENERATED_SOURCES = List.of("firmware_main.c", "cluster_config.c");

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

	/** Measures {@code image}, an ELF with debug information (without it, no split by origin). */
	public static FirmwareSizes measure(Path image) throws IOException, InterruptedException {
		Map<String, Long> sections = sections(run(List.of("arm-none-eabi-size", "-A", image.toString())));
		long flash = sections.getOrDefault(".vectors", 0L) + sections.getOrDefault(".text", 0L)
				+ sections.getOrDefault(".ARM.exidx", 0L) + sections.getOrDefault(".data", 0L);
		List<Part> parts = parts(run(List.of("arm-none-eabi-objdump", "--dwarf=decodedline", image.toString())));
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
	 * Code bytes by origin from {@code objdump --dwarf=decodedline}: a line ending in ':' (or ':[++]') names the source file of
	 * the rows after it (its path says the origin); a row is "file line address ...", and the bytes from its address
	 * to the next row's belong to it, except after a row whose line is "-" (the end of a sequence).
	 */
	static List<Part> parts(String decodedLines) {
		Map<String, Long> sums = new LinkedHashMap<>();
		ORIGINS.forEach(origin -> sums.put(origin, 0L));
		String origin = "other";
		String rowOrigin = null;
		long rowAddress = 0;
		for (String line : decodedLines.split("\n")) {
			String trimmed = line.strip();
			if ((trimmed.endsWith(":") || trimmed.endsWith(":[++]")) && !trimmed.contains(" ")) {
				String path = trimmed.substring(0, trimmed.lastIndexOf(':')); // [++]: objdump shortened nothing
				origin = origin(path.startsWith("./") ? path.substring(2) : path);
				continue;
			}
			String[] words = trimmed.split("\\s+");
			if (words.length < 3 || !words[2].startsWith("0x")) {
				continue;
			}
			long address = Long.parseLong(words[2].substring(2), 16);
			if (rowOrigin != null && address >= rowAddress) {
				sums.merge(rowOrigin, address - rowAddress, Long::sum);
			}
			rowOrigin = "-".equals(words[1]) ? null : origin;
			rowAddress = address;
		}
		List<Part> parts = new ArrayList<>();
		sums.forEach((name, code) -> {
			if (code > 0) {
				parts.add(new Part(name, code));
			}
		});
		return parts;
	}

	/**
	 * The origin of a source file named as the line table names it: relative to the build, absolute, or (a compile
	 * unit's own file) by its name alone, hence the name prefixes.
	 */
	static String origin(String path) {
		String name = path.substring(path.lastIndexOf('/') + 1);
		if (path.contains("ports/mps2/") || name.startsWith("mps2_")) {
			return "mps2 port";
		}
		if (path.toLowerCase(Locale.ROOT).contains("lwip")) {
			return "lwIP";
		}
		if (path.contains("runtime/src/") || path.contains("runtime/include/") || name.startsWith("raft_")) {
			return "Raft runtime";
		}
		if (GENERATED_SOURCES.contains(path)) {
			return "generated wiring";
		}
		if (path.contains("newlib") || path.contains("libgcc") || !path.contains("/") && !path.startsWith("<")) {
			return "C library"; // newlib-nano and libgcc name their sources without a folder
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
			lines.add(String.format(Locale.ROOT, "  %-34s %9s", "where the flash goes", "bytes"));
			for (Part part : parts) {
				lines.add(String.format(Locale.ROOT, "  %-34s %9d", part.name() + " (code)", part.code()));
			}
			long code = parts.stream().mapToLong(Part::code).sum();
			lines.add(String.format(Locale.ROOT, "  %-34s %9d", "constants, strings, .data, vectors", flash - code));
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
