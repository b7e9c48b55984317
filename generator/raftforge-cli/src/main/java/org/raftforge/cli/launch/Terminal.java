package org.raftforge.cli.launch;

/** Whether progress goes to a person at a terminal (live table) or to a pipe or log (plain lines). */
final class Terminal {

	private Terminal() {
	}

	static boolean isInteractive() {
		String term = System.getenv("TERM");
		return System.console() != null && term != null && !term.equals("dumb");
	}
}
