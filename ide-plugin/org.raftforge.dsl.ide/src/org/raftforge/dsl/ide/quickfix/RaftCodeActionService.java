package org.raftforge.dsl.ide.quickfix;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.ide.server.codeActions.ICodeActionService2;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.raftforge.dsl.ide.quickfix.RaftQuickFixes.Fix;
import org.raftforge.dsl.ide.quickfix.RaftQuickFixes.Problem;

/**
 * Quick fixes as LSP code actions. The diagnostics a client sends back may be stale and
 * carry their data in any JSON shape, so each is matched to a freshly validated issue of
 * the same code at the same place, and the fix is computed from that.
 */
public class RaftCodeActionService implements ICodeActionService2 {

	@Override
	public List<Either<Command, CodeAction>> getCodeActions(Options options) {
		if (options.getCodeActionParams() == null) {
			return List.of();
		}
		String uri = options.getCodeActionParams().getTextDocument().getUri();
		CancelIndicator cancel = options.getCancelIndicator() == null ? CancelIndicator.NullImpl
				: options.getCancelIndicator();
		if (options.getResource() != null && options.getDocument() != null) {
			return codeActions(options.getResource(), options.getDocument(), options, uri, cancel);
		}
		// the server passes only an access to the open document, not the document itself
		return options.getLanguageServerAccess().doSyncRead(uri,
				context -> codeActions(context.getResource(), context.getDocument(), options, uri, cancel));
	}

	private static List<Either<Command, CodeAction>> codeActions(Resource loaded, Document document, Options options,
			String uri, CancelIndicator cancel) {
		if (!(loaded instanceof XtextResource resource) || document == null) {
			return List.of();
		}
		List<Issue> issues = resource.getResourceServiceProvider().get(IResourceValidator.class).validate(resource,
				CheckMode.ALL, cancel);
		List<Either<Command, CodeAction>> actions = new ArrayList<>();
		for (Diagnostic diagnostic : options.getCodeActionParams().getContext().getDiagnostics()) {
			String code = diagnostic.getCode() == null ? null : diagnostic.getCode().getLeft();
			if (code == null || !RaftQuickFixes.fixableCodes().contains(code)) {
				continue;
			}
			int offset = document.getOffSet(diagnostic.getRange().getStart());
			Optional<Issue> fresh = issues.stream().filter(issue -> code.equals(issue.getCode()))
					.min(Comparator.comparingInt(issue -> Math.abs(offsetOf(issue) - offset)));
			if (fresh.isEmpty()) {
				continue;
			}
			for (Fix fix : RaftQuickFixes.fixesFor(resource, Problem.of(fresh.get()))) {
				actions.add(Either.forRight(toCodeAction(fix, diagnostic, document, uri)));
			}
		}
		return actions;
	}

	private static CodeAction toCodeAction(Fix fix, Diagnostic diagnostic, Document document, String uri) {
		List<TextEdit> edits = fix.replacements().stream()
				.map(edit -> new TextEdit(new Range(document.getPosition(edit.offset()),
						document.getPosition(edit.offset() + edit.length())), edit.text()))
				.toList();
		CodeAction action = new CodeAction(fix.label());
		action.setKind(CodeActionKind.QuickFix);
		action.setDiagnostics(List.of(diagnostic));
		action.setEdit(new WorkspaceEdit(Map.of(uri, edits)));
		return action;
	}

	private static int offsetOf(Issue issue) {
		return issue.getOffset() == null ? 0 : issue.getOffset();
	}
}
