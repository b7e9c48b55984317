package org.raftforge.dsl.ui.editor;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.jface.text.DocumentEvent;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITypedRegion;
import org.eclipse.jface.text.Region;
import org.eclipse.jface.text.TextAttribute;
import org.eclipse.jface.text.TextPresentation;
import org.eclipse.jface.text.presentation.IPresentationDamager;
import org.eclipse.jface.text.presentation.IPresentationRepairer;
import org.eclipse.jface.text.presentation.PresentationReconciler;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.xtext.ide.editor.syntaxcoloring.ISemanticHighlightingCalculator;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.raftforge.dsl.ui.RaftUiPlugin;

/**
 * Syntax and semantic colouring in one: the model is parsed on every change and every
 * token coloured by its role in the grammar (the ide bundle's highlighting calculator, the
 * same the language server sends as semantic tokens). Models are small, so the whole text
 * is repainted; a failure leaves the text uncoloured but never blocks typing.
 */
public class RaftPresentationReconciler extends PresentationReconciler {

	public RaftPresentationReconciler() {
		Highlighter highlighter = new Highlighter();
		setDamager(highlighter, IDocument.DEFAULT_CONTENT_TYPE);
		setRepairer(highlighter, IDocument.DEFAULT_CONTENT_TYPE);
	}

	/** The style ranges of a whole text, in order (used by the editor and by tests). */
	public static List<StyleRange> styleRanges(IDocument document, String text) {
		List<StyleRange> ranges = new ArrayList<>();
		XtextResource resource = EditorDocuments.parse(document, text);
		RaftUiPlugin.service(ISemanticHighlightingCalculator.class).provideHighlightingFor(resource,
				(offset, length, styles) -> {
					TextAttribute attribute = styles.length == 0 ? null : RaftColors.of(styles[0]);
					if (attribute != null && offset + length <= text.length()) {
						ranges.add(new StyleRange(offset, length, attribute.getForeground(), null, attribute.getStyle()));
					}
				}, CancelIndicator.NullImpl);
		return ranges;
	}

	private static final class Highlighter implements IPresentationDamager, IPresentationRepairer {

		private IDocument document;

		@Override
		public void setDocument(IDocument document) {
			this.document = document;
		}

		/** Any change can recolour anything (a declaration colours its references). */
		@Override
		public IRegion getDamageRegion(ITypedRegion partition, DocumentEvent event,
				boolean documentPartitioningChanged) {
			return new Region(0, event.getDocument().getLength());
		}

		@Override
		public void createPresentation(TextPresentation presentation, ITypedRegion damage) {
			try {
				String text = document.get();
				for (StyleRange range : styleRanges(document, text)) {
					presentation.addStyleRange(range);
				}
			} catch (RuntimeException e) {
				RaftUiPlugin.log("colouring the model failed", e);
			}
		}
	}
}
