package org.raftforge.dsl.ui.editor;

import org.eclipse.core.filebuffers.FileBuffers;
import org.eclipse.core.filebuffers.ITextFileBuffer;
import org.eclipse.core.runtime.IPath;
import org.eclipse.emf.common.util.URI;
import org.eclipse.jface.text.IDocument;
import org.eclipse.xtext.resource.XtextResource;
import org.raftforge.dsl.ui.RaftUiPlugin;

/**
 * The model in an editor's document, parsed from the text as it is now. Each call parses
 * afresh: models are small, and nothing is shared between the UI and reconciler threads.
 */
public final class EditorDocuments {

	private EditorDocuments() {
	}

	public static XtextResource parse(IDocument document) {
		return parse(document, document.get());
	}

	/** Parses {@code text} (a snapshot of {@code document}) under the document's file name. */
	public static XtextResource parse(IDocument document, String text) {
		return RaftUiPlugin.models().parse(uriOf(document), text);
	}

	/** platform:/resource/... of the document's file, or a stand-in for a document without one. */
	public static URI uriOf(IDocument document) {
		ITextFileBuffer buffer = document == null ? null
				: FileBuffers.getTextFileBufferManager().getTextFileBuffer(document);
		IPath location = buffer == null ? null : buffer.getLocation();
		return location == null ? URI.createURI("inmemory:/editor.raft")
				: URI.createPlatformResourceURI(location.toString(), true);
	}
}
