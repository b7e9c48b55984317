package org.raftforge.generator.output;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The C runtime's sources as the generator bundle carries them (copied from runtime/ when the bundle is built, with
 * a sorted list in files.txt), to be placed in every variant's output under {@code runtime/} so that the output
 * builds on its own.
 */
public final class RuntimeSources {

	/** Where the bundle keeps the copy (see the bundle's pom.xml). */
	static final String RESOURCE_ROOT = "/org/raftforge/generator/runtime/";
	/** Where the copy goes in a variant's output. */
	public static final String OUTPUT_FOLDER = "runtime/";

	private final List<String> paths;

	private RuntimeSources(List<String> paths) {
		this.paths = paths;
	}

	/** Reads the list of files the bundle carries. */
	public static RuntimeSources load() {
		String list = read("files.txt");
		List<String> paths = new ArrayList<>();
		for (String line : list.split("\n")) {
			if (!line.isBlank()) {
				paths.add(line.strip());
			}
		}
		paths.sort(String::compareTo);
		return new RuntimeSources(List.copyOf(paths));
	}

	/** Every file the bundle carries, relative to the runtime folder (e.g. {@code src/raft_core.c}). */
	public List<String> paths() {
		return paths;
	}

	/** The files under the given folders of the runtime (e.g. {@code include/}, {@code ports/posix/}). */
	public List<GeneratedFile> filesUnder(List<String> folders) {
		List<GeneratedFile> files = new ArrayList<>();
		for (String path : paths) {
			if (folders.stream().anyMatch(path::startsWith)) {
				files.add(new GeneratedFile(OUTPUT_FOLDER + path, readBytes(path), false));
			}
		}
		return files;
	}

	private static String read(String path) {
		return new String(readBytes(path), StandardCharsets.UTF_8);
	}

	private static byte[] readBytes(String path) {
		return BundledCopies.read(RESOURCE_ROOT + path, "runtime/" + path);
	}
}
