package org.raftforge.cli.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.function.Consumer;

/** Appends a node's control lines to {@code <run>/logs/<name>.<incarnation>.control}, stamped with ms since it opened. */
final class ControlTranscript implements Consumer<String> {

	private final Path file;
	private final long start = System.nanoTime();

	ControlTranscript(Path file) {
		this.file = file;
	}

	@Override
	public synchronized void accept(String line) {
		String stamped = String.format(Locale.ROOT, "%10.3f %s%n", (System.nanoTime() - start) / 1e6, line);
		try {
			Files.writeString(file, stamped, StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
					StandardOpenOption.APPEND);
		} catch (IOException e) {
			// a transcript helps debugging; the launch goes on without it
		}
	}
}
