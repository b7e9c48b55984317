package org.raftforge.cli.launch;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the launch's progress. On a terminal the node table stays at the bottom and is redrawn in place when a
 * node's state changes, with messages scrolling above it; otherwise (a pipe, a log, a test) every message and every
 * change that matters is one plain line with the seconds since the command started.
 */
public final class ProgressPrinter {

	/** Cursor to the start of the line n lines up; clear to the end of the screen; clear the line. */
	private static final String UP = "\u001b[%dF";
	private static final String CLEAR_BELOW = "\u001b[J";

	private final PrintWriter out;
	private final boolean table;
	private final long startNanos;
	private final Map<Long, ClusterView.Row> shown = new HashMap<>();
	private List<ClusterView.Row> lastRows = List.of();
	private int tableHeight;

	/**
	 * @param table      draw the live table (a terminal); plain lines otherwise
	 * @param startNanos {@link System#nanoTime()} when the command started
	 */
	public ProgressPrinter(PrintWriter out, boolean table, long startNanos) {
		this.out = out;
		this.table = table;
		this.startNanos = startNanos;
	}

	/** A message line (above the table on a terminal). */
	public synchronized void say(String message) {
		eraseTable();
		out.println(table ? message : stamp() + message);
		drawTable();
		out.flush();
	}

	/** The nodes changed: redraw the table, or print the changes worth a line. */
	public synchronized void update(List<ClusterView.Row> rows) {
		lastRows = rows;
		if (table) {
			eraseTable();
			drawTable();
		} else {
			for (ClusterView.Row row : rows) {
				ClusterView.Row before = shown.put(row.id(), row);
				if (before != null) {
					ProgressRenderer.change(before, row, rows).ifPresent(line -> out.println(stamp() + line));
				}
			}
		}
		out.flush();
	}

	/** Leaves the table where it is (the command is ending); later output goes below it. */
	public synchronized void finish() {
		tableHeight = 0;
		out.flush();
	}

	public boolean drawsTable() {
		return table;
	}

	private void eraseTable() {
		if (table && tableHeight > 0) {
			out.print(String.format(Locale.ROOT, UP, tableHeight) + CLEAR_BELOW);
			tableHeight = 0;
		}
	}

	private void drawTable() {
		if (table && !lastRows.isEmpty()) {
			List<String> lines = ProgressRenderer.table(lastRows);
			for (String line : lines) {
				out.println(line);
			}
			tableHeight = lines.size();
		}
	}

	private String stamp() {
		return String.format(Locale.ROOT, "[%7.2f s] ", (System.nanoTime() - startNanos) / 1e9);
	}
}
