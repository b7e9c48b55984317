package org.raftforge.dsl.ui.quickfix;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IDocumentExtension4;
import org.eclipse.jface.text.DocumentRewriteSession;
import org.eclipse.jface.text.DocumentRewriteSessionType;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.Issue;
import org.raftforge.dsl.ide.quickfix.RaftQuickFixes;
import org.raftforge.dsl.ide.quickfix.RaftQuickFixes.Fix;
import org.raftforge.dsl.ide.quickfix.RaftQuickFixes.Problem;
import org.raftforge.dsl.ui.RaftUiPlugin;
import org.raftforge.dsl.ui.editor.EditorDocuments;

/**
 * Quick fixes on a document as it is now. A marker or an annotation may be older than the
 * text, so the problem is found again in the current text (same code, nearest place) and
 * the fix computed from that; a problem that is gone has no fixes.
 */
public final class DocumentFixes {

	private DocumentFixes() {
	}

	public static List<Fix> fixesFor(IDocument document, String code, int offset) {
		if (code == null || !RaftQuickFixes.fixableCodes().contains(code)) {
			return List.of();
		}
		XtextResource resource = EditorDocuments.parse(document);
		List<Issue> issues = RaftUiPlugin.models().validate(resource, CancelIndicator.NullImpl);
		Optional<Issue> current = issues.stream().filter(issue -> code.equals(issue.getCode()))
				.min(Comparator.comparingInt(issue -> Math.abs(offsetOf(issue) - offset)));
		return current.map(issue -> RaftQuickFixes.fixesFor(resource, Problem.of(issue))).orElse(List.of());
	}

	/** Applies the fix as one change (one undo step in an editor). */
	public static void apply(IDocument document, Fix fix) throws BadLocationException {
		DocumentRewriteSession session = document instanceof IDocumentExtension4 extension
				? extension.startRewriteSession(DocumentRewriteSessionType.UNRESTRICTED_SMALL)
				: null;
		try {
			List<RaftQuickFixes.Replacement> lastFirst = fix.replacements().stream()
					.sorted(Comparator.comparingInt(RaftQuickFixes.Replacement::offset).reversed()).toList();
			for (RaftQuickFixes.Replacement edit : lastFirst) {
				document.replace(edit.offset(), edit.length(), edit.text());
			}
		} finally {
			if (session != null) {
				((IDocumentExtension4) document).stopRewriteSession(session);
			}
		}
	}

	private static int offsetOf(Issue issue) {
		return issue.getOffset() == null ? 0 : issue.getOffset();
	}
}
