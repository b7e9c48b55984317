package org.raftforge.dsl.ui.quickfix;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.Position;
import org.eclipse.jface.text.contentassist.ICompletionProposal;
import org.eclipse.jface.text.contentassist.IContextInformation;
import org.eclipse.jface.text.quickassist.IQuickAssistInvocationContext;
import org.eclipse.jface.text.quickassist.IQuickAssistProcessor;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.IAnnotationModel;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Point;
import org.raftforge.dsl.ide.quickfix.RaftQuickFixes.Fix;
import org.raftforge.dsl.ui.RaftUiPlugin;
import org.raftforge.dsl.ui.editor.RaftProblemAnnotation;

/**
 * Quick fix (Ctrl+1) for problems found while typing, before the file is saved and built.
 * Problems the builder has marked get their fixes from the marker resolutions instead (the
 * generic editor asks those itself).
 */
public class RaftQuickAssistProcessor implements IQuickAssistProcessor {

	@Override
	public String getErrorMessage() {
		return null;
	}

	@Override
	public boolean canFix(Annotation annotation) {
		return annotation instanceof RaftProblemAnnotation problem && problem.isQuickFixable();
	}

	@Override
	public boolean canAssist(IQuickAssistInvocationContext context) {
		return false;
	}

	@Override
	public ICompletionProposal[] computeQuickAssistProposals(IQuickAssistInvocationContext context) {
		IAnnotationModel model = context.getSourceViewer().getAnnotationModel();
		IDocument document = context.getSourceViewer().getDocument();
		List<ICompletionProposal> proposals = new ArrayList<>();
		if (model == null) {
			return new ICompletionProposal[0];
		}
		for (Iterator<Annotation> it = model.getAnnotationIterator(); it.hasNext();) {
			if (it.next() instanceof RaftProblemAnnotation problem && canFix(problem)
					&& covers(document, model.getPosition(problem), context.getOffset())) {
				for (Fix fix : DocumentFixes.fixesFor(document, problem.code(), model.getPosition(problem).getOffset())) {
					proposals.add(new FixProposal(fix));
				}
			}
		}
		return proposals.toArray(new ICompletionProposal[0]);
	}

	/** The caret is on the problem, or on its line. */
	private static boolean covers(IDocument document, Position position, int offset) {
		if (position == null) {
			return false;
		}
		if (position.includes(offset) || position.getOffset() + position.getLength() == offset) {
			return true;
		}
		try {
			return document.getLineOfOffset(position.getOffset()) == document.getLineOfOffset(offset);
		} catch (BadLocationException e) {
			return false;
		}
	}

	/** One fix as a proposal in the quick fix popup. */
	public static final class FixProposal implements ICompletionProposal {

		private final Fix fix;

		public FixProposal(Fix fix) {
			this.fix = fix;
		}

		@Override
		public void apply(IDocument document) {
			try {
				DocumentFixes.apply(document, fix);
			} catch (BadLocationException e) {
				RaftUiPlugin.log("the quick fix no longer fits the text: " + fix.label(), e);
			}
		}

		@Override
		public Point getSelection(IDocument document) {
			return null;
		}

		@Override
		public String getAdditionalProposalInfo() {
			return null;
		}

		@Override
		public String getDisplayString() {
			return fix.label();
		}

		@Override
		public Image getImage() {
			return null;
		}

		@Override
		public IContextInformation getContextInformation() {
			return null;
		}
	}
}
