package org.raftforge.cli;

/** What `raftforge` exits with; every subcommand uses these. */
public final class ExitCodes {

	private ExitCodes() {
	}

	/** Everything worked; models are valid (warnings allowed). */
	public static final int OK = 0;
	/** A model has errors (or a file is not a model at all). */
	public static final int MODEL_ERRORS = 1;
	/** The command was used wrongly: unknown option, missing argument, missing file. */
	public static final int USAGE = 2;
	/** A bug in RaftForge. */
	public static final int INTERNAL_ERROR = 3;
}
