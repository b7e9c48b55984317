package org.raftforge.generator.output;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Files of the RaftForge repository that the generator bundle carries as resources (runtime sources, scripts),
 * copied there by the bundle's Maven build.
 */
final class BundledCopies {

	private BundledCopies() {
	}

	/**
	 * @param resource  the resource's absolute name in the bundle
	 * @param repoPath  the file's path in the repository, for the message
	 * @throws IllegalStateException when the bundle was built without it
	 */
	static byte[] read(String resource, String repoPath) {
		try (InputStream in = BundledCopies.class.getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException("the generator has no copy of " + repoPath
						+ ": it was built without it (build it with Maven, which copies it)");
			}
			return in.readAllBytes();
		} catch (IOException e) {
			throw new UncheckedIOException("cannot read the generator's copy of " + repoPath, e);
		}
	}
}
