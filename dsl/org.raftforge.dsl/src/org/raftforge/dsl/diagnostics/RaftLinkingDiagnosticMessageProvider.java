package org.raftforge.dsl.diagnostics;

import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import org.eclipse.xtext.diagnostics.DiagnosticMessage;
import org.eclipse.xtext.linking.impl.IllegalNodeException;
import org.eclipse.xtext.linking.impl.LinkingDiagnosticMessageProvider;
import org.eclipse.xtext.resource.IEObjectDescription;
import org.eclipse.xtext.scoping.IScope;
import org.eclipse.xtext.scoping.IScopeProvider;

import com.google.inject.Inject;

/**
 * "unknown storage 'x'" with the names that would work, instead of Xtext's generic message.
 * Keeps Xtext's linking issue code, on which editors hang their fixes.
 */
public class RaftLinkingDiagnosticMessageProvider extends LinkingDiagnosticMessageProvider {

	@Inject
	private IScopeProvider scopeProvider;

	@Override
	public DiagnosticMessage getUnresolvedProxyMessage(ILinkingDiagnosticContext context) {
		DiagnosticMessage generic = super.getUnresolvedProxyMessage(context);
		String kind = context.getReference().getEReferenceType().getName().toLowerCase(Locale.ROOT);
		String linkText;
		try {
			linkText = context.getLinkText();
		} catch (IllegalNodeException e) {
			linkText = e.getNode().getText();
		}
		IScope scope = scopeProvider.getScope(context.getContext(), context.getReference());
		String candidates = StreamSupport.stream(scope.getAllElements().spliterator(), false)
				.map(IEObjectDescription::getName).map(Object::toString).sorted().collect(Collectors.joining(", "));
		String message = "unknown " + kind + " '" + linkText + "': "
				+ (candidates.isEmpty() ? "declare one, e.g. `" + kind + " ... " + linkText + "`"
						: "declare it, or use one of: " + candidates);
		return new DiagnosticMessage(message, generic.getSeverity(), generic.getIssueCode(), generic.getIssueData());
	}
}
