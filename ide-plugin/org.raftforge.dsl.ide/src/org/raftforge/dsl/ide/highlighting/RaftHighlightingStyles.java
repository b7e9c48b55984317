package org.raftforge.dsl.ide.highlighting;

/**
 * The kinds of text the highlighter tells apart. The ids are LSP semantic token types, so
 * the language server can pass them on unchanged; the Eclipse editor maps each to a colour.
 */
public final class RaftHighlightingStyles {

	private RaftHighlightingStyles() {
	}

	public static final String KEYWORD = "keyword";
	public static final String COMMENT = "comment";
	public static final String STRING = "string";
	/** Numbers with their units and the other written values: 300ms, 4 KiB, 10.0.0.1, 02:00:..:01. */
	public static final String VALUE = "number";
	/** A choice among fixed words: on/off, the log levels, the CPU. */
	public static final String CHOICE = "enumMember";
	/** The name a declaration introduces: cluster, building block, node, variant. */
	public static final String DECLARATION = "variable";
	/** A name that refers to a declaration (a variant's storage, transport, target). */
	public static final String REFERENCE = "type";

	public static final String[] ALL = { KEYWORD, COMMENT, STRING, VALUE, CHOICE, DECLARATION, REFERENCE };
}
