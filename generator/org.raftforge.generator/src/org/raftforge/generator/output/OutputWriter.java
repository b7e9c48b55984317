package org.raftforge.generator.output;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a variant's files, but only those whose content changed: an unchanged file keeps its modification time,
 * so make rebuilds nothing after a second generation. A changed file is written to a temporary file next to it and
 * renamed over the old one, so a reader never sees half a file. Files an earlier generation wrote and this one no
 * longer produces are deleted, as the {@link GenerationManifest} allows: only those still holding the bytes written.
 */
public final class OutputWriter {

	/** What happened to one file. */
	public enum Outcome {
		WRITTEN, UNCHANGED,
		/** stale: written by an earlier generation, no longer produced, deleted */
		REMOVED,
		/** stale, but changed since it was generated: left in place (a note says so) */
		KEPT_CHANGED
	}

	/** @param path relative to the variant directory */
	public record FileOutcome(String path, Outcome outcome) {
	}

	/** @param notes what a user should know (files kept, a manifest that could not be read) */
	public record Result(List<FileOutcome> files, List<String> notes) {
	}

	public Result write(Path directory, List<GeneratedFile> files) throws IOException {
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
		GenerationManifest now = GenerationManifest.of(files);
		List<String> notes = new ArrayList<>();
		removeStale(directory, now.files().keySet(), outcomes, notes);
		byte[] manifest = now.render();
		Path manifestFile = directory.resolve(GenerationManifest.FILE_NAME);
		if (!sameContent(manifestFile, manifest)) {
			replace(manifestFile, manifest);
		}
		return new Result(List.copyOf(outcomes), List.copyOf(notes));
	}

	/**
	 * Retires a whole earlier output (a variant the model no longer has): deletes every file of its manifest that is
	 * unchanged, then the manifest, and the folders left empty (the directory itself too when nothing else is in it).
	 */
	public Result retire(Path directory) throws IOException {
		List<FileOutcome> outcomes = new ArrayList<>();
		List<String> notes = new ArrayList<>();
		if (removeStale(directory, Set.of(), outcomes, notes)) {
			Files.deleteIfExists(directory.resolve(GenerationManifest.FILE_NAME));
			deleteIfEmpty(directory);
			if (Files.isDirectory(directory)) {
				notes.add(directory + ": left in place: it holds files RaftForge did not generate (build outputs, "
						+ "runs, your own) or changed since; delete it by hand when you no longer need them");
			}
		}
		return new Result(List.copyOf(outcomes), List.copyOf(notes));
	}

	/** Deletes what the old manifest lists and {@code produced} does not; false when the manifest is unreadable. */
	private static boolean removeStale(Path directory, Set<String> produced, List<FileOutcome> outcomes,
			List<String> notes) throws IOException {
		GenerationManifest before;
		try {
			before = GenerationManifest.read(directory);
		} catch (GenerationManifest.UnreadableException e) {
			notes.add(e.getMessage());
			return false;
		}
		Path realDirectory = before.files().isEmpty() ? null : directory.toRealPath();
		for (Map.Entry<String, String> old : before.files().entrySet()) {
			if (produced.contains(old.getKey())) {
				continue;
			}
			Path stale = directory.resolve(old.getKey());
			if (!Files.isRegularFile(stale, LinkOption.NOFOLLOW_LINKS)
					|| !stale.toRealPath().startsWith(realDirectory)) {
				continue; // already gone, or replaced by a link or folder that is not ours
			}
			if (GenerationManifest.sha256(Files.readAllBytes(stale)).equals(old.getValue())) {
				Files.delete(stale);
				deleteEmptyParents(directory, stale.getParent());
				outcomes.add(new FileOutcome(old.getKey(), Outcome.REMOVED));
			} else {
				outcomes.add(new FileOutcome(old.getKey(), Outcome.KEPT_CHANGED));
				notes.add(stale + ": kept: an earlier generation wrote it and this one no longer does, but it was "
						+ "changed since; delete it by hand if you do not need it");
			}
		}
		return true;
	}

	/** Folders emptied by a deletion, up to (not including) the variant directory. */
	private static void deleteEmptyParents(Path directory, Path folder) throws IOException {
		Path root = directory.toAbsolutePath().normalize();
		for (Path at = folder.toAbsolutePath().normalize(); at.startsWith(root) && !at.equals(root); at = at
				.getParent()) {
			if (!deleteIfEmpty(at)) {
				return;
			}
		}
	}

	private static boolean deleteIfEmpty(Path folder) throws IOException {
		if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
			return false;
		}
		try (var entries = Files.list(folder)) {
			if (entries.findAny().isPresent()) {
				return false;
			}
		}
		Files.delete(folder);
		return true;
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
