package org.raftforge.cli.launch;

import java.util.ArrayList;
import java.util.List;

/**
 * What went wrong on the nodes' side while the launcher was busy elsewhere: fatal events, processes that ended
 * unexpectedly, lines that break the control protocol. Each one fails the launch; the launcher prints them as they
 * happen and lists them in the outcome.
 */
public final class Incidents {

	private final List<String> incidents = new ArrayList<>();
	private final ProgressPrinter progress;

	public Incidents(ProgressPrinter progress) {
		this.progress = progress;
	}

	public void report(String incident) {
		synchronized (this) {
			incidents.add(incident);
		}
		if (progress != null) {
			progress.say("problem: " + incident);
		}
	}

	public synchronized List<String> all() {
		return List.copyOf(incidents);
	}
}
