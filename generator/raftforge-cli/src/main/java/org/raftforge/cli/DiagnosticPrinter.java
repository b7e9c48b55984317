package org.raftforge.cli;

import java.io.PrintWriter;
import java.util.List;

import org.eclipse.xtext.diagnostics.Diagnostic;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.validation.Issue;

/**
 * Diagnostics in the form compilers use, so that editors and CI annotate them:
 * {@code FILE:LINE:COL: error|warning: MESSAGE [code]}.
 */
public final class DiagnosticPrinter {

	/** Beyond this many per file, a broken file would only bury the first (real) problem. */
	static final int MAX_PER_FILE = 50;

	private final PrintWriter err;

	public DiagnosticPrinter(PrintWriter err) {
		this.err = err;
	}

	public void print(LoadedModel model, boolean warningsAsErrors) {
		List<Issue> shown = model.issues().stream().filter(issue -> issue.getSeverity() != Severity.INFO).toList();
		for (Issue issue : shown.subList(0, Math.min(MAX_PER_FILE, shown.size()))) {
			err.println(format(model.file().toString(), issue, warningsAsErrors));
		}
		if (shown.size() > MAX_PER_FILE) {
			err.println(model.file() + ": note: " + (shown.size() - MAX_PER_FILE) + " more diagnostics not shown");
		}
		if (model.checksSkipped()) {
			err.println(model.file() + ": note: the other checks run once the syntax errors are fixed");
		}
	}

	static String format(String file, Issue issue, boolean warningsAsErrors) {
		int line = issue.getLineNumber() == null ? 1 : Math.max(1, issue.getLineNumber());
		int column = issue.getColumn() == null ? 1 : Math.max(1, issue.getColumn());
		String severity = issue.getSeverity() == Severity.ERROR || warningsAsErrors ? "error" : "warning";
		String message = issue.getMessage() == null ? "" : issue.getMessage().replace('\n', ' ');
		return file + ":" + line + ":" + column + ": " + severity + ": " + message + " [" + shortCode(issue.getCode())
				+ "]";
	}

	/** Xtext's own codes are long class-like names; print the part a reader needs. */
	static String shortCode(String code) {
		if (code == null) {
			return "raft";
		}
		if (code.startsWith(Diagnostic.SYNTAX_DIAGNOSTIC)) {
			return "syntax";
		}
		if (code.equals(Diagnostic.LINKING_DIAGNOSTIC)) {
			return "unresolved-reference";
		}
		return code;
	}
}
