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
	/**
	 * launch/bench: the cluster ran but did not do its job (no leader, a write not acknowledged, a wrong read, a lost
	 * write, a history that is not linearizable, a node that failed or did not stop cleanly).
	 */
	public static final int LAUNCH_FAILED = 4;
	/** launch/bench: the machine refused before the cluster ran (build failed, port in use, a node could not start). */
	public static final int ENVIRONMENT = 5;
}
