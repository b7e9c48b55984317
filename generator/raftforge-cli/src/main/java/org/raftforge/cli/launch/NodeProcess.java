package org.raftforge.cli.launch;

import java.util.OptionalInt;

/** One running process of a launch (one node, or every node of a channel image) and its control channel. */
public interface NodeProcess {

	LaunchDescription.ProcessSpec spec();

	ControlLink link();

	/** The operating system's process id, for messages. */
	long pid();

	boolean isAlive();

	/** A crash: the process is killed at once (SIGKILL), keeping only what it synced. */
	void crash();

	/** Asks the process to stop (SIGTERM); it syncs and exits. */
	void terminate();

	/** Waits up to {@code millis} for the process to end; true when it has. */
	boolean awaitExit(long millis) throws InterruptedException;

	/** The exit status once it ended. */
	OptionalInt exitStatus();

	/** The last lines the process wrote for humans (stderr), for error messages; empty when none. */
	String lastDiagnostic();
}
