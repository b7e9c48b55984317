package org.raftforge.cli.launch;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The end of every launch: the client history goes to {@code <run>/history.txt} and through the runtime's
 * linearizability checker; anything but "linearizable" fails the launch, and the file stays for a closer look.
 */
public final class HistoryCheck {

	private HistoryCheck() {
	}

	/** @return the checker's verdict, or null when it could not run (the outcome says why) */
	public static LincheckTool.Verdict check(History history, Path runDir, LincheckTool lincheck,
			LaunchOutcome outcome, ProgressPrinter progress) throws InterruptedException {
		Path file = runDir.resolve("history.txt");
		try {
			history.write(file);
			LincheckTool.Verdict verdict = lincheck.check(file);
			long earlier = history.earlierOperations();
			progress.say("history: " + history.operations().size() + " operations"
					+ (earlier > 0 ? " (after " + earlier + " of earlier launches)" : "") + "; " + verdict.summary());
			if (!verdict.linearizable()) {
				outcome.fail("the history is " + (verdict.status() == 1 ? "not linearizable" : "not checked ("
						+ verdict.summary() + ")") + "; it is saved in " + file);
			}
			return verdict;
		} catch (IOException e) {
			outcome.fail("cannot check the history " + file + ": " + e.getMessage());
			return null;
		}
	}
}
