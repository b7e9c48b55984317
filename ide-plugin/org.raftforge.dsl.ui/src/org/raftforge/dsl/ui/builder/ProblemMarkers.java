package org.raftforge.dsl.ui.builder;

import java.util.List;

import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.validation.Issue;

/**
 * The builder's problem markers (type {@value #TYPE}, a problem and text marker, so they
 * show in the Problems view and in the editor). Each carries the issue's code and data, for
 * the marker resolutions.
 */
public final class ProblemMarkers {

	public static final String TYPE = "org.raftforge.dsl.ui.problem";
	/** The issue code, e.g. "duplicate-endpoint" (see RaftIssueCodes). */
	public static final String CODE = "raftforge.code";
	/** The issue data, one value per line. */
	public static final String DATA = "raftforge.data";

	private ProblemMarkers() {
	}

	/** Replaces the markers of {@code file} with one per issue. */
	public static void replace(IResource file, List<Issue> issues) throws CoreException {
		clear(file);
		for (Issue issue : issues) {
			IMarker marker = file.createMarker(TYPE);
			marker.setAttribute(IMarker.MESSAGE, issue.getMessage());
			marker.setAttribute(IMarker.SEVERITY, severityOf(issue.getSeverity()));
			if (issue.getLineNumber() != null) {
				marker.setAttribute(IMarker.LINE_NUMBER, issue.getLineNumber().intValue());
				marker.setAttribute(IMarker.LOCATION, "line " + issue.getLineNumber());
			}
			if (issue.getOffset() != null && issue.getLength() != null) {
				marker.setAttribute(IMarker.CHAR_START, issue.getOffset().intValue());
				marker.setAttribute(IMarker.CHAR_END, issue.getOffset() + issue.getLength());
			}
			if (issue.getCode() != null) {
				marker.setAttribute(CODE, issue.getCode());
			}
			if (issue.getData() != null && issue.getData().length > 0) {
				marker.setAttribute(DATA, String.join("\n", issue.getData()));
			}
		}
	}

	/** A problem that is not in the model's text (reading the file, generating from it). */
	public static void add(IResource file, int severity, String message) throws CoreException {
		IMarker marker = file.createMarker(TYPE);
		marker.setAttribute(IMarker.MESSAGE, message);
		marker.setAttribute(IMarker.SEVERITY, severity);
		marker.setAttribute(IMarker.LINE_NUMBER, 1);
	}

	public static void clear(IResource resource) throws CoreException {
		resource.deleteMarkers(TYPE, true, IResource.DEPTH_INFINITE);
	}

	private static int severityOf(Severity severity) {
		return switch (severity) {
		case ERROR -> IMarker.SEVERITY_ERROR;
		case WARNING -> IMarker.SEVERITY_WARNING;
		default -> IMarker.SEVERITY_INFO;
		};
	}
}
