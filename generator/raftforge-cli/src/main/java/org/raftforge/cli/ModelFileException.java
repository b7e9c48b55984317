package org.raftforge.cli;

/**
 * A file that cannot be checked at all (missing, unreadable, not a model), with the one
 * line that says so and the exit code it deserves.
 */
public final class ModelFileException extends Exception {

	private static final long serialVersionUID = 1L;

	private final int exitCode;

	public ModelFileException(String message, int exitCode) {
		super(message);
		this.exitCode = exitCode;
	}

	public int exitCode() {
		return exitCode;
	}
}
