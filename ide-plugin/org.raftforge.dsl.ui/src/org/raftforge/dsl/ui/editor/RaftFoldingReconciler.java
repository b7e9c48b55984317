package org.raftforge.dsl.ui.editor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.Position;
import org.eclipse.jface.text.reconciler.DirtyRegion;
import org.eclipse.jface.text.reconciler.IReconcilingStrategy;
import org.eclipse.jface.text.reconciler.IReconcilingStrategyExtension;
import org.eclipse.jface.text.reconciler.MonoReconciler;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.projection.ProjectionAnnotation;
import org.eclipse.jface.text.source.projection.ProjectionAnnotationModel;
import org.eclipse.jface.text.source.projection.ProjectionViewer;
import org.raftforge.dsl.ui.RaftUiPlugin;
import org.raftforge.dsl.ui.editor.FoldingRegions.Lines;

/**
 * Folding by the model's structure: blocks and comment runs (see {@link FoldingRegions}),
 * kept up to date in the background. Folds the user collapsed stay collapsed while their
 * lines stay the same.
 */
public class RaftFoldingReconciler extends MonoReconciler {

	private static final int DELAY_MILLIS = 500;

	private final Strategy strategy;

	public RaftFoldingReconciler() {
		this(new Strategy());
	}

	private RaftFoldingReconciler(Strategy strategy) {
		super(strategy, false);
		this.strategy = strategy;
		setDelay(DELAY_MILLIS);
	}

	@Override
	public void install(ITextViewer viewer) {
		super.install(viewer);
		strategy.viewer = viewer instanceof ProjectionViewer projection ? projection : null;
	}

	@Override
	public void uninstall() {
		strategy.viewer = null;
		super.uninstall();
	}

	/** A fold made by this reconciler (the generic editor adds indentation-based ones of its own). */
	public static final class RaftFold extends ProjectionAnnotation {
	}

	private static final class Strategy implements IReconcilingStrategy, IReconcilingStrategyExtension {

		private volatile ProjectionViewer viewer;
		private IDocument document;

		@Override
		public void setDocument(IDocument document) {
			this.document = document;
		}

		@Override
		public void setProgressMonitor(org.eclipse.core.runtime.IProgressMonitor monitor) {
		}

		@Override
		public void initialReconcile() {
			update();
		}

		@Override
		public void reconcile(DirtyRegion dirtyRegion, IRegion subRegion) {
			update();
		}

		@Override
		public void reconcile(IRegion partition) {
			update();
		}

		private void update() {
			ProjectionViewer target = viewer;
			IDocument current = document;
			ProjectionAnnotationModel model = target == null ? null : target.getProjectionAnnotationModel();
			if (model == null || current == null) {
				return;
			}
			try {
				String text = current.get();
				List<Position> wanted = new ArrayList<>();
				for (Lines lines : FoldingRegions.of(EditorDocuments.parse(current, text))) {
					int start = current.getLineOffset(lines.firstLine());
					int end = current.getLineOffset(lines.lastLine()) + current.getLineLength(lines.lastLine());
					wanted.add(new Position(start, end - start));
				}
				List<Annotation> removed = new ArrayList<>();
				for (Iterator<Annotation> it = model.getAnnotationIterator(); it.hasNext();) {
					Annotation annotation = it.next();
					if (annotation instanceof RaftFold && !wanted.remove(model.getPosition(annotation))) {
						removed.add(annotation);
					}
				}
				Map<Annotation, Position> added = new HashMap<>();
				wanted.forEach(position -> added.put(new RaftFold(), position));
				model.modifyAnnotations(removed.toArray(new Annotation[0]), added, null);
			} catch (BadLocationException stale) {
				// the text changed while folding was computed; the next run catches up
			} catch (RuntimeException e) {
				RaftUiPlugin.log("computing the folds failed", e);
			}
		}
	}
}
