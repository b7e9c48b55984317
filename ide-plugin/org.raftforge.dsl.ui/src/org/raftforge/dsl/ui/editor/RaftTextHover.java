package org.raftforge.dsl.ui.editor;

import java.util.Optional;

import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextHover;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.Region;
import org.raftforge.dsl.ide.hover.RaftHoverService;
import org.raftforge.dsl.ide.hover.RaftHoverService.HoverText;
import org.raftforge.dsl.ui.RaftUiPlugin;

/**
 * Hover documentation: what a keyword means, what a name or reference stands for, what a
 * value sets (the ide bundle's texts, as plain text).
 */
public class RaftTextHover implements ITextHover {

	/** The hover found for the last region, so the text is not computed twice. */
	private HoverText last;

	@Override
	public IRegion getHoverRegion(ITextViewer viewer, int offset) {
		Optional<HoverText> hover = hoverAt(viewer.getDocument(), offset);
		last = hover.orElse(null);
		return hover.<IRegion>map(text -> new Region(text.offset(), text.length())).orElse(null);
	}

	@Override
	public String getHoverInfo(ITextViewer viewer, IRegion region) {
		HoverText hover = last;
		if (hover == null || hover.offset() != region.getOffset()) {
			hover = hoverAt(viewer.getDocument(), region.getOffset()).orElse(null);
		}
		return hover == null ? null : hover.plainText();
	}

	/** The hover at {@code offset} of the document as it is now. */
	public static Optional<HoverText> hoverAt(IDocument document, int offset) {
		try {
			return RaftUiPlugin.service(RaftHoverService.class).hoverAt(EditorDocuments.parse(document), offset);
		} catch (RuntimeException e) {
			RaftUiPlugin.log("hover failed", e);
			return Optional.empty();
		}
	}
}
