package org.raftforge.dsl.ui.quickfix;

import java.util.List;
import java.util.function.Function;

import org.eclipse.core.filebuffers.FileBuffers;
import org.eclipse.core.filebuffers.ITextFileBuffer;
import org.eclipse.core.filebuffers.ITextFileBufferManager;
import org.eclipse.core.filebuffers.LocationKind;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IPath;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.swt.graphics.Image;
import org.eclipse.ui.IMarkerResolution;
import org.eclipse.ui.IMarkerResolution2;
import org.eclipse.ui.IMarkerResolutionGenerator2;
import org.raftforge.dsl.ide.quickfix.RaftQuickFixes;
import org.raftforge.dsl.ide.quickfix.RaftQuickFixes.Fix;
import org.raftforge.dsl.ui.RaftUiPlugin;
import org.raftforge.dsl.ui.builder.ProblemMarkers;

/**
 * Quick fixes for the builder's markers (Problems view, Ctrl+1 on a marker in the editor).
 * A fix edits the file's document: in an open editor it shows as an unsaved change; a file
 * nobody is editing is saved right away, so the builder checks it again.
 */
public class RaftMarkerResolutions implements IMarkerResolutionGenerator2 {

	@Override
	public boolean hasResolutions(IMarker marker) {
		return RaftQuickFixes.fixableCodes().contains(marker.getAttribute(ProblemMarkers.CODE, ""));
	}

	@Override
	public IMarkerResolution[] getResolutions(IMarker marker) {
		if (!hasResolutions(marker) || !(marker.getResource() instanceof IFile file)) {
			return new IMarkerResolution[0];
		}
		try {
			List<Fix> fixes = onDocument(file, document -> fixesFor(document, marker));
			return fixes.stream().map(fix -> new MarkerFix(fix.label())).toArray(IMarkerResolution[]::new);
		} catch (CoreException e) {
			RaftUiPlugin.log("cannot compute the quick fixes of " + file.getFullPath(), e);
			return new IMarkerResolution[0];
		}
	}

	private static List<Fix> fixesFor(IDocument document, IMarker marker) {
		return DocumentFixes.fixesFor(document, marker.getAttribute(ProblemMarkers.CODE, ""),
				marker.getAttribute(IMarker.CHAR_START, 0));
	}

	/** Runs {@code work} on the file's shared document (the editor's, when the file is open). */
	static <T> T onDocument(IFile file, Function<IDocument, T> work) throws CoreException {
		ITextFileBufferManager manager = FileBuffers.getTextFileBufferManager();
		IPath path = file.getFullPath();
		manager.connect(path, LocationKind.IFILE, null);
		try {
			return work.apply(manager.getTextFileBuffer(path, LocationKind.IFILE).getDocument());
		} finally {
			manager.disconnect(path, LocationKind.IFILE, null);
		}
	}

	/** One fix, recomputed on the text as it is when the user picks it. */
	private static final class MarkerFix implements IMarkerResolution2 {

		private final String label;

		MarkerFix(String label) {
			this.label = label;
		}

		@Override
		public String getLabel() {
			return label;
		}

		@Override
		public String getDescription() {
			return label;
		}

		@Override
		public Image getImage() {
			return null;
		}

		@Override
		public void run(IMarker marker) {
			if (!(marker.getResource() instanceof IFile file)) {
				return;
			}
			ITextFileBufferManager manager = FileBuffers.getTextFileBufferManager();
			IPath path = file.getFullPath();
			try {
				manager.connect(path, LocationKind.IFILE, null);
				try {
					ITextFileBuffer buffer = manager.getTextFileBuffer(path, LocationKind.IFILE);
					boolean editedElsewhere = buffer.isDirty();
					IDocument document = buffer.getDocument();
					Fix fix = fixesFor(document, marker).stream().filter(candidate -> candidate.label().equals(label))
							.findFirst().orElse(null);
					if (fix == null) {
						return;
					}
					DocumentFixes.apply(document, fix);
					if (!editedElsewhere) {
						buffer.commit(null, false);
					}
				} finally {
					manager.disconnect(path, LocationKind.IFILE, null);
				}
			} catch (CoreException | BadLocationException e) {
				RaftUiPlugin.log("quick fix '" + label + "' on " + path + " failed", e);
			}
		}
	}
}
