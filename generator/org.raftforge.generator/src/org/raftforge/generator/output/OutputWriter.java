package org.raftforge.generator.output;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Writes a variant's files, but only those whose content changed: an unchanged file keeps its modification time,
 * so make rebuilds nothing after a second generation. A changed file is written to a temporary file next to it and
 * renamed over the old one, so a reader never sees half a file.
 */
public final class OutputWriter {

	/** What happened to one file. */
	public enum Outcome {
		WRITTEN, UNCHANGED
	}

	/** @param path relative to the variant directory */
	public record FileOutcome(String path, Outcome outcome) {
	}

	public List<FileOutcome> write(Path directory, List<GeneratedFile> files) throws IOException {
		List<FileOutcome> outcomes = new ArrayList<>();
		for (GeneratedFile file : files) {
			Path target = directory.resolve(file.path());
			Outcome outcome = sameContent(target, file.content()) ? Outcome.UNCHANGED : Outcome.WRITTEN;
			if (outcome == Outcome.WRITTEN) {
				replace(target, file.content());
			}
			if (file.executable()) {
				makeExecutable(target);
			}
			outcomes.add(new FileOutcome(file.path(), outcome));
		}
		return outcomes;
	}

	private static boolean sameContent(Path target, byte[] content) throws IOException {
		return Files.isRegularFile(target) && Files.size(target) == content.length
				&& Arrays.equals(Files.readAllBytes(target), content);
	}

	private static void replace(Path target, byte[] content) throws IOException {
		Files.createDirectories(target.getParent());
		Path temporary = target.resolveSibling("." + target.getFileName() + ".raftforge-tmp");
		Files.write(temporary, content);
		try {
			Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		} catch (AtomicMoveNotSupportedException e) {
			Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	private static void makeExecutable(Path target) throws IOException {
		PosixFileAttributeView view = Files.getFileAttributeView(target, PosixFileAttributeView.class);
		if (view == null) {
			return; // not a POSIX file system: nothing to set
		}
		Set<PosixFilePermission> permissions = EnumSet.copyOf(Files.getPosixFilePermissions(target));
		if (permissions.addAll(Set.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
				PosixFilePermission.OTHERS_EXECUTE))) {
			Files.setPosixFilePermissions(target, permissions);
		}
	}
}
