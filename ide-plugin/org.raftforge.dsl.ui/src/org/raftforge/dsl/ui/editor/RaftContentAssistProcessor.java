package org.raftforge.dsl.ui.editor;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.contentassist.CompletionProposal;
import org.eclipse.jface.text.contentassist.ICompletionProposal;
import org.eclipse.jface.text.contentassist.IContentAssistProcessor;
import org.eclipse.jface.text.contentassist.IContextInformation;
import org.eclipse.jface.text.contentassist.IContextInformationValidator;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.ide.server.contentassist.ContentAssistService;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.raftforge.dsl.ui.RaftUiPlugin;

/**
 * Content assist (Ctrl+Space) from the language's ide services, exactly as the language
 * server computes it: keywords that may come next, references to the cluster's storages,
 * transports and targets, and a free node name, address and port.
 */
public class RaftContentAssistProcessor implements IContentAssistProcessor {

	private String errorMessage;

	@Override
	public ICompletionProposal[] computeCompletionProposals(ITextViewer viewer, int offset) {
		errorMessage = null;
		IDocument document = viewer.getDocument();
		String text = document.get();
		try {
			XtextResource resource = EditorDocuments.parse(document, text);
			Document snapshot = new Document(1, text);
			CompletionParams params = new CompletionParams(new TextDocumentIdentifier(resource.getURI().toString()),
					snapshot.getPosition(offset));
			List<ICompletionProposal> proposals = new ArrayList<>();
			for (CompletionItem item : RaftUiPlugin.service(ContentAssistService.class)
					.createCompletionList(snapshot, resource, params, CancelIndicator.NullImpl).getItems()) {
				ICompletionProposal proposal = toProposal(item, snapshot, offset);
				if (proposal != null) {
					proposals.add(proposal);
				}
			}
			return proposals.toArray(new ICompletionProposal[0]);
		} catch (RuntimeException e) {
			errorMessage = "content assist failed: " + e.getMessage();
			RaftUiPlugin.log("content assist failed", e);
			return new ICompletionProposal[0];
		}
	}

	private static ICompletionProposal toProposal(CompletionItem item, Document snapshot, int offset) {
		String replacement = item.getInsertText() != null ? item.getInsertText() : item.getLabel();
		int start = offset;
		int length = 0;
		if (item.getTextEdit() != null && item.getTextEdit().isLeft()) {
			TextEdit edit = item.getTextEdit().getLeft();
			replacement = edit.getNewText();
			start = snapshot.getOffSet(edit.getRange().getStart());
			length = snapshot.getOffSet(edit.getRange().getEnd()) - start;
		}
		if (replacement == null) {
			return null;
		}
		String display = item.getDetail() == null || item.getDetail().isBlank() ? item.getLabel()
				: item.getLabel() + " - " + item.getDetail();
		String documentation = item.getDocumentation() == null ? null
				: item.getDocumentation().isLeft() ? item.getDocumentation().getLeft()
						: item.getDocumentation().getRight().getValue();
		return new CompletionProposal(replacement, start, length, replacement.length(), null, display, null,
				documentation);
	}

	@Override
	public IContextInformation[] computeContextInformation(ITextViewer viewer, int offset) {
		return null;
	}

	@Override
	public char[] getCompletionProposalAutoActivationCharacters() {
		return null;
	}

	@Override
	public char[] getContextInformationAutoActivationCharacters() {
		return null;
	}

	@Override
	public String getErrorMessage() {
		return errorMessage;
	}

	@Override
	public IContextInformationValidator getContextInformationValidator() {
		return null;
	}
}
