package org.raftforge.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.stream.Collectors;

import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.raftforge.dsl.raft.Cluster;

import com.google.inject.Inject;
import com.google.inject.Provider;

/**
 * Parses and validates model texts and asserts on their diagnostics: code, severity,
 * exact location and message.
 */
public class ModelChecker {

	@Inject
	private ParseHelper<Cluster> parser;
	@Inject
	private Provider<XtextResourceSet> resourceSets;
	@Inject
	private IResourceValidator validator;

	public Cluster parse(String text) {
		try {
			Cluster cluster = parser.parse(text, URI.createURI("test.raft"), resourceSets.get());
			assertNotNull(cluster, "the text did not parse into a cluster");
			return cluster;
		} catch (Exception e) {
			throw new AssertionError("parsing failed", e);
		}
	}

	public List<Issue> issues(String text) {
		XtextResource resource = (XtextResource) parse(text).eResource();
		return validator.validate(resource, CheckMode.ALL, CancelIndicator.NullImpl);
	}

	/**
	 * The model (with the expected location marked [[...]]) has an issue with this code and
	 * severity exactly there, whose message contains every fragment.
	 */
	public Issue assertIssue(String markedText, String code, Severity severity, String... messageFragments) {
		MarkedModel model = MarkedModel.of(markedText);
		List<Issue> all = issues(model.text());
		List<Issue> withCode = all.stream().filter(issue -> code.equals(issue.getCode())).toList();
		if (withCode.isEmpty()) {
			fail("expected a " + code + " issue at '" + model.marked() + "', got: " + describe(all));
		}
		List<Issue> located = withCode.stream()
				.filter(candidate -> candidate.getOffset() == model.offset() && candidate.getLength() == model.length())
				.toList();
		if (located.isEmpty()) {
			fail("expected the " + code + " issue at '" + model.marked() + "' (offset " + model.offset() + ", length "
					+ model.length() + "), got: " + describe(withCode));
		}
		// several issues may share code and place (one per variant): take the one with the message
		Issue issue = located.stream().filter(candidate -> containsAll(candidate.getMessage(), messageFragments))
				.findFirst().orElseThrow(() -> new AssertionError("no " + code + " issue at '" + model.marked()
						+ "' mentions all of " + List.of(messageFragments) + ": " + describe(located)));
		assertEquals(severity, issue.getSeverity(), "severity of " + code);
		return issue;
	}

	private static boolean containsAll(String message, String... fragments) {
		for (String fragment : fragments) {
			if (!message.contains(fragment)) {
				return false;
			}
		}
		return true;
	}

	public Issue assertError(String markedText, String code, String... messageFragments) {
		return assertIssue(markedText, code, Severity.ERROR, messageFragments);
	}

	public Issue assertWarning(String markedText, String code, String... messageFragments) {
		return assertIssue(markedText, code, Severity.WARNING, messageFragments);
	}

	/** The model has no issue with this code anywhere. */
	public void assertNoIssue(String text, String code) {
		List<Issue> withCode = issues(text).stream().filter(issue -> code.equals(issue.getCode())).toList();
		assertTrue(withCode.isEmpty(), "expected no " + code + " issue, got: " + describe(withCode));
	}

	/** The model has no issues at all. */
	public void assertClean(String text) {
		List<Issue> all = issues(text);
		assertTrue(all.isEmpty(), "expected no issues, got: " + describe(all));
	}

	public static String describe(List<Issue> issues) {
		if (issues.isEmpty()) {
			return "no issues";
		}
		return issues.stream()
				.map(issue -> issue.getSeverity() + " " + issue.getCode() + " @" + issue.getLineNumber() + ":"
						+ issue.getColumn() + " [" + issue.getOffset() + "+" + issue.getLength() + "] "
						+ issue.getMessage())
				.collect(Collectors.joining("\n  ", "\n  ", ""));
	}
}
