package org.raftforge.generator.output;

/**
 * Scripts of the RaftForge repository a generated output carries so that it builds on its own (copied from
 * scripts/ when the bundle is built, as the runtime sources are; see the bundle's pom.xml).
 */
public final class ProjectScripts {

	static final String RESOURCE_ROOT = "/org/raftforge/generator/scripts/";

	private ProjectScripts() {
	}

	/** scripts/fetch-lwip.sh, to be written at {@code path} of the output (executable). */
	public static GeneratedFile fetchLwip(String path) {
		return new GeneratedFile(path, read("fetch-lwip.sh"), true);
	}

	private static byte[] read(String name) {
		return BundledCopies.read(RESOURCE_ROOT + name, "scripts/" + name);
	}
}
