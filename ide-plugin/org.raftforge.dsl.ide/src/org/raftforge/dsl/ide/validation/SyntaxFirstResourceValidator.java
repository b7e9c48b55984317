package org.raftforge.dsl.ide.validation;

import java.util.List;

import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.Issue;
import org.eclipse.xtext.validation.ResourceValidatorImpl;

/**
 * Reports only the syntax errors while a model has any, as the command line does: the
 * parser skipped text to recover, and checks of the rest would report what it skipped.
 */
public class SyntaxFirstResourceValidator extends ResourceValidatorImpl {

	@Override
	public List<Issue> validate(Resource resource, CheckMode mode, CancelIndicator indicator) {
		List<Issue> issues = super.validate(resource, mode, indicator);
		if (issues.stream().anyMatch(Issue::isSyntaxError)) {
			return issues.stream().filter(Issue::isSyntaxError).toList();
		}
		return issues;
	}
}
