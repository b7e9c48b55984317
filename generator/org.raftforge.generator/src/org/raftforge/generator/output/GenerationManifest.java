package org.raftforge.generator.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@value #FILE_NAME} in a variant's output: every file the generator wrote there, sorted by path, each with the
 * SHA-256 of the bytes written. The next generation deletes the files it no longer produces, but only those still
 * holding exactly those bytes: whatever the generator did not write (build outputs, run directories, a user's
 * files) or a user changed afterwards is never touched.
 *
 * @param files path (relative, '/'-separated) to SHA-256 (lower-case hex)
 */
public record GenerationManifest(Map<String, String> files) {

	public static final String FILE_NAME = ".raftforge-manifest";
	private static final String HEADER = "# Files RaftForge generated here (SHA-256, path). The next generation deletes "
			+ "those it no longer produces, if unchanged. Do not edit.";

	/** A manifest that cannot be read; its message names the file, the line and the fix. */
	public static final class UnreadableException extends Exception {
		private static final long serialVersionUID = 1L;

		UnreadableException(String message) {
			super(message);
		}
	}

	public static GenerationManifest of(List<GeneratedFile> generated) {
		Map<String, String> files = new TreeMap<>();
		for (GeneratedFile file : generated) {
			files.put(file.path(), sha256(file.content()));
		}
		return new GenerationManifest(Map.copyOf(files));
	}

	/** The file's bytes: the header, then "SHA256 PATH" per file, sorted by path (deterministic). */
	public byte[] render() {
		StringBuilder text = new StringBuilder(HEADER).append('\n');
		new TreeMap<>(files).forEach((path, hash) -> text.append(hash).append(' ').append(path).append('\n'));
		return text.toString().getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * The manifest of {@code directory}, or an empty one when there is none (a first generation, or an output of a
	 * generator without manifests: nothing is known to be stale).
	 */
	public static GenerationManifest read(Path directory) throws IOException, UnreadableException {
		Path file = directory.resolve(FILE_NAME);
		if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
			return new GenerationManifest(Map.of());
		}
		List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
		Map<String, String> files = new TreeMap<>();
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i);
			if (line.startsWith("#") || line.isEmpty()) {
				continue;
			}
			int space = line.indexOf(' ');
			String hash = space < 0 ? "" : line.substring(0, space);
			String path = space < 0 ? "" : line.substring(space + 1);
			if (!hash.matches("[0-9a-f]{64}") || !isSafeRelativePath(path)) {
				throw new UnreadableException(file + ":" + (i + 1) + ": not a line '<sha256> <relative path>' of a "
						+ "file inside the folder; no stale file was deleted. Delete the manifest to start afresh "
						+ "(the files of earlier generations are then left alone)");
			}
			files.put(path, hash);
		}
		return new GenerationManifest(Map.copyOf(files));
	}

	/** Paths the generator writes: relative, '/'-separated, no '.', '..' or empty parts. */
	static boolean isSafeRelativePath(String path) {
		if (path.isEmpty() || path.startsWith("/") || path.contains("\\") || path.contains("\0")) {
			return false;
		}
		for (String part : path.split("/", -1)) {
			if (part.isEmpty() || part.equals(".") || part.equals("..")) {
				return false;
			}
		}
		return true;
	}

	static String sha256(byte[] content) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("every Java runtime has SHA-256", e);
		}
	}
}
