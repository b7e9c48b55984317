package org.raftforge.dsl.ui.editor;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.handlers.HandlerUtil;
import org.eclipse.ui.texteditor.IEditorStatusLine;
import org.eclipse.ui.texteditor.ITextEditor;
import org.raftforge.dsl.ide.formatting.SafeFormattingService;
import org.raftforge.dsl.ide.formatting.SafeFormattingService.Outcome;
import org.raftforge.dsl.ui.RaftUiPlugin;

/**
 * Source > Format (Ctrl+Shift+F) in a .raft editor: the language's formatter, guarded (see
 * SafeFormattingService). The change is one replacement of the lines that differ, so it is
 * one undo step; a refusal says why in the status line and leaves the text alone.
 */
public class FormatHandler extends AbstractHandler {

	@Override
	public Object execute(ExecutionEvent event) throws ExecutionException {
		IEditorPart part = HandlerUtil.getActiveEditor(event);
		if (part instanceof ITextEditor editor) {
			String refusal = format(editor.getDocumentProvider().getDocument(editor.getEditorInput()));
			IEditorStatusLine status = editor.getAdapter(IEditorStatusLine.class);
			if (status != null) {
				status.setMessage(refusal != null, refusal == null ? "" : refusal, null);
			}
		}
		return null;
	}

	/** Formats the document; returns null when done (or nothing to do), else why not. */
	public static String format(IDocument document) {
		String text = document.get();
		Outcome outcome = RaftUiPlugin.service(SafeFormattingService.class).formatWhole(EditorDocuments.parse(document, text),
				text);
		if (!outcome.isFormatted()) {
			return outcome.refusal();
		}
		String formatted = outcome.formatted();
		int prefix = 0;
		int limit = Math.min(text.length(), formatted.length());
		while (prefix < limit && text.charAt(prefix) == formatted.charAt(prefix)) {
			prefix++;
		}
		int suffix = 0;
		while (suffix < limit - prefix
				&& text.charAt(text.length() - 1 - suffix) == formatted.charAt(formatted.length() - 1 - suffix)) {
			suffix++;
		}
		if (prefix == text.length() && prefix == formatted.length()) {
			return null;
		}
		try {
			document.replace(prefix, text.length() - suffix - prefix,
					formatted.substring(prefix, formatted.length() - suffix));
			return null;
		} catch (BadLocationException e) {
			return "not formatted: the text changed while it was being formatted";
		}
	}
}
