package org.raftforge.maven;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.raftforge.dsl.RaftStandaloneSetup;
import org.raftforge.dsl.raft.Cluster;

import com.google.inject.Injector;

/** Parses and validates .raft files with the language's standalone setup (no OSGi), as the command line does. */
final class ModelReader {

	/** A read model: its cluster (null when the file is not a model) and its problems in file order. */
	record ReadModel(Path file, Cluster cluster, List<Issue> issues) {

		boolean hasErrors() {
			return cluster == null || issues.stream().anyMatch(issue -> issue.getSeverity() == Severity.ERROR);
		}
	}

	private final Injector injector = new RaftStandaloneSetup().createInjectorAndDoEMFRegistration();

	ReadModel read(Path file) throws IOException {
		XtextResourceSet resources = injector.getInstance(XtextResourceSet.class);
		XtextResource resource = (XtextResource) resources
				.createResource(URI.createFileURI(file.toAbsolutePath().toString()));
		resource.load(Map.of(XtextResource.OPTION_ENCODING, "UTF-8"));
		List<Issue> issues = new ArrayList<>(injector.getInstance(IResourceValidator.class).validate(resource,
				CheckMode.ALL, CancelIndicator.NullImpl));
		if (issues.stream().anyMatch(Issue::isSyntaxError)) {
			issues.removeIf(issue -> !issue.isSyntaxError()); // checks of text the parser skipped would mislead
		}
		issues.sort(Comparator.comparing((Issue issue) -> issue.getLineNumber() == null ? 0 : issue.getLineNumber())
				.thenComparing(issue -> issue.getColumn() == null ? 0 : issue.getColumn()));
		Cluster cluster = !resource.getContents().isEmpty() && resource.getContents().get(0) instanceof Cluster c ? c
				: null;
		return new ReadModel(file, cluster, issues);
	}

	/** FILE:LINE:COL: error|warning: MESSAGE [code], as compilers (and `raftforge validate`) print them. */
	static String format(Path file, Issue issue) {
		int line = issue.getLineNumber() == null ? 1 : Math.max(1, issue.getLineNumber());
		int column = issue.getColumn() == null ? 1 : Math.max(1, issue.getColumn());
		String severity = issue.getSeverity() == Severity.ERROR ? "error" : "warning";
		return file + ":" + line + ":" + column + ": " + severity + ": "
				+ (issue.getMessage() == null ? "" : issue.getMessage().replace('\n', ' ')) + " [" + shortCode(issue) + "]";
	}

	/** The rule's code; Xtext's own long codes shortened as `raftforge validate` does. */
	private static String shortCode(Issue issue) {
		if (issue.getCode() == null) {
			return "raft";
		}
		if (issue.isSyntaxError()) {
			return "syntax";
		}
		if (issue.getCode().equals(org.eclipse.xtext.diagnostics.Diagnostic.LINKING_DIAGNOSTIC)) {
			return "unresolved-reference";
		}
		return issue.getCode();
	}
}
