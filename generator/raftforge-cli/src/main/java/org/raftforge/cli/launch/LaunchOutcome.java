package org.raftforge.cli.launch;

import java.util.ArrayList;
import java.util.List;

import org.raftforge.cli.ExitCodes;

/**
 * The verdict of a launch: every write acknowledged after commit, every read with the expected value, no acknowledged
 * write lost, the history linearizable, no node incident, a clean shutdown. Anything else is a failure with its
 * reason; the first reason is the one-line summary.
 */
public final class LaunchOutcome {

	private int writes;
	private int writesAcknowledged;
	private int reads;
	private int readsAsExpected;
	private final List<String> failures = new ArrayList<>();

	/** A put or delete: acknowledged after commit, or {@code failure} says what happened instead. */
	public synchronized void write(boolean acknowledged, String failure) {
		writes++;
		if (acknowledged) {
			writesAcknowledged++;
		} else {
			failures.add(failure);
		}
	}

	/** A get: it returned what the model expects (or anything, when nothing is expected). */
	public synchronized void read(boolean asExpected, String failure) {
		reads++;
		if (asExpected) {
			readsAsExpected++;
		} else {
			failures.add(failure);
		}
	}

	public synchronized void fail(String failure) {
		failures.add(failure);
	}

	public synchronized boolean ok() {
		return failures.isEmpty();
	}

	public synchronized List<String> failures() {
		return List.copyOf(failures);
	}

	public int exitCode() {
		return ok() ? ExitCodes.OK : ExitCodes.LAUNCH_FAILED;
	}

	/** The closing line: what was checked when it passed, the first failure (and how many) when not. */
	public synchronized String summary() {
		String counts = writesAcknowledged + "/" + writes + " writes acknowledged after commit, " + readsAsExpected + "/"
				+ reads + " reads as expected";
		if (failures.isEmpty()) {
			return "OK: " + counts;
		}
		return "FAILED: " + failures.get(0)
				+ (failures.size() > 1 ? " (and " + (failures.size() - 1) + " more problem"
						+ (failures.size() > 2 ? "s" : "") + ")" : "")
				+ "; " + counts;
	}
}
