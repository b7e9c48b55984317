package org.raftforge.generator.tests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command (make, gcc, a program) to completion and keeps its output. */
final class Make {

	/** @param output stdout and stderr together */
	record Result(int exitCode, String output, long nanos) {
		double seconds() {
			return nanos / 1e9;
		}
	}

	private Make() {
	}

	static Result run(Path directory, long timeoutSeconds, List<String> command) throws IOException,
			InterruptedException {
		long start = System.nanoTime();
		// output goes to a file, not a pipe: reading a pipe to its end would wait for a hung command forever,
		// and the timeout below would never be reached
		Path log = Files.createTempFile("raftforge-command", ".log");
		try {
			Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
					.redirectOutput(log.toFile()).start();
			process.getOutputStream().close();
			if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor();
				return new Result(-1, Files.readString(log, StandardCharsets.UTF_8) + "\n(timed out after "
						+ timeoutSeconds + " s: " + String.join(" ", command) + ")", System.nanoTime() - start);
			}
			return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8),
					System.nanoTime() - start);
		} finally {
			Files.deleteIfExists(log);
		}
	}

	/** {@code make -j2 native} in a variant directory (at most two jobs: the machine is shared). */
	static Result native_(Path variantDirectory) throws IOException, InterruptedException {
		return run(variantDirectory, 300, List.of("make", "-j2", "--no-print-directory", "native"));
	}
}
