package org.raftforge.cli;

import java.nio.file.Path;
import java.util.List;

import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.validation.Issue;
import org.raftforge.dsl.raft.Cluster;

/**
 * A parsed and validated model file.
 *
 * @param file    the path as the user gave it (diagnostics print it like that)
 * @param cluster the model (partial when there are syntax errors)
 * @param issues  every diagnostic, in file order (only the syntax errors when there are any)
 * @param checksSkipped true when syntax errors kept the other checks from running
 */
public record LoadedModel(Path file, Cluster cluster, List<Issue> issues, boolean checksSkipped) {

	public boolean hasErrors() {
		return count(Severity.ERROR) > 0;
	}

	public long count(Severity severity) {
		return issues.stream().filter(issue -> issue.getSeverity() == severity).count();
	}
}
