package org.raftforge.generator.output;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

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
		try (InputStream in = ProjectScripts.class.getResourceAsStream(RESOURCE_ROOT + name)) {
			if (in == null) {
				throw new IllegalStateException("the generator has no copy of scripts/" + name
						+ ": it was built without it (build it with Maven, which copies it)");
			}
			return in.readAllBytes();
		} catch (IOException e) {
			throw new UncheckedIOException("cannot read the generator's copy of scripts/" + name, e);
		}
	}
}
