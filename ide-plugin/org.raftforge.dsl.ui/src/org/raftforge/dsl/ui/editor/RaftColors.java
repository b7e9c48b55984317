package org.raftforge.dsl.ui.editor;

import java.util.Map;

import org.eclipse.jface.text.TextAttribute;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.raftforge.dsl.ide.highlighting.RaftHighlightingStyles;

/** How each kind of text looks in the editor (the Java editor's palette where there is one). */
public final class RaftColors {

	private static final Map<String, TextAttribute> ATTRIBUTES = Map.of(
			RaftHighlightingStyles.KEYWORD, attribute(127, 0, 85, SWT.BOLD),
			RaftHighlightingStyles.COMMENT, attribute(63, 127, 95, SWT.NORMAL),
			RaftHighlightingStyles.STRING, attribute(42, 0, 255, SWT.NORMAL),
			RaftHighlightingStyles.VALUE, attribute(0, 110, 110, SWT.NORMAL),
			RaftHighlightingStyles.CHOICE, attribute(150, 80, 0, SWT.ITALIC),
			RaftHighlightingStyles.DECLARATION, attribute(0, 0, 0, SWT.BOLD),
			RaftHighlightingStyles.REFERENCE, attribute(0, 80, 160, SWT.ITALIC));

	private RaftColors() {
	}

	/** The attribute of a highlighting style, or null for text that keeps the default look. */
	public static TextAttribute of(String style) {
		return ATTRIBUTES.get(style);
	}

	private static TextAttribute attribute(int red, int green, int blue, int style) {
		return new TextAttribute(new Color(red, green, blue), null, style);
	}
}
