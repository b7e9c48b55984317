package org.raftforge.cli.launch;

import java.io.IOException;

/**
 * Starts the processes of one launch target and connects their control channels. Natively a process is the node
 * program with its stdin/stdout ({@link NativeBackend}); on QEMU it is one qemu-system-arm per node with its UART on a
 * unix socket, plus the Ethernet hub: another implementation of this interface, with the same launcher on top.
 */
public interface NodeBackend extends AutoCloseable {

	/** The launch.json target section this backend runs ({@code native}, {@code qemu}). */
	String target();

	/**
	 * Starts one process of {@code targets.<target>.processes} (again after a crash: from the same files).
	 *
	 * @param incarnation 1 for the first start, then 2, 3 ... (for log file names)
	 */
	NodeProcess start(LaunchDescription.ProcessSpec spec, int incarnation, ControlLink.Listener listener)
			throws IOException;

	/** Stops what the backend itself runs besides the node processes (a hub); nothing natively. */
	@Override
	default void close() {
	}
}
