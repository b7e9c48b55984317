package org.raftforge.dsl.ui.editor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.eclipse.core.resources.IMarker;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IDocumentExtension4;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.Position;
import org.eclipse.jface.text.reconciler.DirtyRegion;
import org.eclipse.jface.text.reconciler.IReconcilingStrategy;
import org.eclipse.jface.text.reconciler.IReconcilingStrategyExtension;
import org.eclipse.jface.text.reconciler.MonoReconciler;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.IAnnotationModel;
import org.eclipse.jface.text.source.IAnnotationModelExtension;
import org.eclipse.jface.text.source.ISourceViewer;
import org.eclipse.ui.texteditor.MarkerAnnotation;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.Issue;
import org.raftforge.dsl.ui.RaftUiPlugin;
import org.raftforge.dsl.ui.builder.ProblemMarkers;

/**
 * Live validation: shortly after each change the model is parsed and checked in the
 * background, and its problems become annotations. The builder's markers say the same
 * after a save; a marker whose problem is still there stays and hides the live
 * annotation, one whose problem is gone is hidden, so every problem shows exactly once.
 */
public class RaftValidationReconciler extends MonoReconciler {

	/** Quiet time after the last keystroke before the model is checked. */
	private static final int DELAY_MILLIS = 300;

	private final Strategy strategy;

	public RaftValidationReconciler() {
		this(new Strategy());
	}

	private RaftValidationReconciler(Strategy strategy) {
		super(strategy, false);
		this.strategy = strategy;
		setDelay(DELAY_MILLIS);
	}

	@Override
	public void install(ITextViewer viewer) {
		super.install(viewer);
		strategy.viewer = viewer instanceof ISourceViewer source ? source : null;
	}

	@Override
	public void uninstall() {
		strategy.viewer = null;
		super.uninstall();
	}

	private static final class Strategy implements IReconcilingStrategy, IReconcilingStrategyExtension {

		private volatile ISourceViewer viewer;
		private IDocument document;
		private IProgressMonitor monitor;
		private final List<RaftProblemAnnotation> shown = new ArrayList<>();

		@Override
		public void setDocument(IDocument document) {
			this.document = document;
		}

		@Override
		public void setProgressMonitor(IProgressMonitor monitor) {
			this.monitor = monitor;
		}

		@Override
		public void initialReconcile() {
			validate();
		}

		@Override
		public void reconcile(DirtyRegion dirtyRegion, IRegion subRegion) {
			validate();
		}

		@Override
		public void reconcile(IRegion partition) {
			validate();
		}

		private void validate() {
			IDocument current = document;
			ISourceViewer target = viewer;
			if (current == null || target == null || target.getAnnotationModel() == null) {
				return;
			}
			long stamp = stampOf(current);
			String text = current.get();
			try {
				XtextResource resource = EditorDocuments.parse(current, text);
				CancelIndicator cancel = () -> monitor != null && monitor.isCanceled();
				List<Issue> issues = RaftUiPlugin.models().validate(resource, cancel);
				if (!cancel.isCanceled() && stamp == stampOf(current)) {
					show(target.getAnnotationModel(), issues, text.length());
				}
			} catch (RuntimeException e) {
				RaftUiPlugin.log("checking the model failed", e);
			}
		}

		private void show(IAnnotationModel model, List<Issue> issues, int textLength) {
			Map<Annotation, Position> added = new HashMap<>();
			List<MarkerAnnotation> markers = markerAnnotations(model);
			for (Issue issue : issues) {
				Position position = positionOf(issue, textLength);
				MarkerAnnotation marker = markers.stream().filter(candidate -> sameProblem(model, candidate, issue, position))
						.findFirst().orElse(null);
				if (marker == null) {
					added.put(new RaftProblemAnnotation(issue), position);
				}
			}
			for (MarkerAnnotation marker : markers) {
				boolean current = issues.stream()
						.anyMatch(issue -> sameProblem(model, marker, issue, positionOf(issue, textLength)));
				marker.markDeleted(!current);
			}
			synchronized (shown) {
				Annotation[] removed = shown.toArray(new Annotation[0]);
				if (model instanceof IAnnotationModelExtension extension) {
					extension.replaceAnnotations(removed, added);
				} else {
					for (Annotation annotation : removed) {
						model.removeAnnotation(annotation);
					}
					added.forEach(model::addAnnotation);
				}
				shown.clear();
				added.keySet().forEach(annotation -> shown.add((RaftProblemAnnotation) annotation));
			}
		}

		/** The builder's markers on this file, as the editor shows them. */
		private static List<MarkerAnnotation> markerAnnotations(IAnnotationModel model) {
			List<MarkerAnnotation> markers = new ArrayList<>();
			for (Iterator<Annotation> it = model.getAnnotationIterator(); it.hasNext();) {
				if (it.next() instanceof MarkerAnnotation marker && isOurs(marker.getMarker())) {
					markers.add(marker);
				}
			}
			return markers;
		}

		private static boolean isOurs(IMarker marker) {
			try {
				return marker.exists() && ProblemMarkers.TYPE.equals(marker.getType());
			} catch (CoreException e) {
				return false;
			}
		}

		private static boolean sameProblem(IAnnotationModel model, MarkerAnnotation marker, Issue issue,
				Position position) {
			Position markerPosition = model.getPosition(marker);
			return markerPosition != null && markerPosition.equals(position)
					&& Objects.equals(issue.getMessage(), marker.getMarker().getAttribute(IMarker.MESSAGE, null))
					&& Objects.equals(issue.getCode(), marker.getMarker().getAttribute(ProblemMarkers.CODE, null));
		}

		private static Position positionOf(Issue issue, int textLength) {
			int offset = issue.getOffset() == null ? 0 : Math.min(issue.getOffset(), textLength);
			int length = issue.getLength() == null ? 0 : Math.min(issue.getLength(), textLength - offset);
			return new Position(offset, length);
		}

		private static long stampOf(IDocument document) {
			return document instanceof IDocumentExtension4 extension ? extension.getModificationStamp()
					: document.getLength();
		}
	}
}
