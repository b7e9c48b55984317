package org.raftforge.generator.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Where the tests find the examples, the runtime and the golden files, and where they may write. */
final class TestPaths {

	private TestPaths() {
	}

	static Path examples() {
		return property("raftforge.examples", "../../examples");
	}

	static Path runtime() {
		return property("raftforge.runtime", "../../runtime");
	}

	static Path golden() {
		return property("raftforge.golden", "golden");
	}

	static Path goldenModels() {
		return golden().resolve("models");
	}

	static Path goldenExpected() {
		return golden().resolve("expected");
	}

	static boolean updateGolden() {
		return Boolean.getBoolean("raftforge.updateGolden");
	}

	/** A fresh, empty directory under the build's work folder. */
	static Path freshWorkDirectory(String name) throws IOException {
		Path directory = property("raftforge.work", "target/work").resolve(name);
		deleteTree(directory);
		Files.createDirectories(directory);
		return directory;
	}

	static void deleteTree(Path directory) throws IOException {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
				Files.delete(path);
			}
		}
	}

	private static Path property(String name, String fallback) {
		return Path.of(System.getProperty(name, fallback)).toAbsolutePath().normalize();
	}
}
