package org.raftforge.dsl.ide.highlighting;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.AbstractRule;
import org.eclipse.xtext.Assignment;
import org.eclipse.xtext.CrossReference;
import org.eclipse.xtext.EnumLiteralDeclaration;
import org.eclipse.xtext.EnumRule;
import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.Keyword;
import org.eclipse.xtext.ParserRule;
import org.eclipse.xtext.RuleCall;
import org.eclipse.xtext.TerminalRule;
import org.eclipse.xtext.ide.editor.syntaxcoloring.IHighlightedPositionAcceptor;
import org.eclipse.xtext.ide.editor.syntaxcoloring.ISemanticHighlightingCalculator;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;

/**
 * Classifies every token of a model by what it is in the grammar: keywords, comments,
 * strings, values (a number with its unit, an address, a MAC as one value), fixed choices,
 * declared names and references. One pass over the parse tree, so it also colours what
 * lexers cannot tell apart (`memory` the block and `memory` the storage are both keywords,
 * but `B` in `128 B` is a unit and `B` in `0B:...` part of a MAC). Leaves the parser could
 * not place keep no colour.
 */
public class RaftHighlightingCalculator implements ISemanticHighlightingCalculator {

	/** Datatype rules whose tokens, punctuation included, form one written value. */
	private static final java.util.Set<String> VALUE_RULES = java.util.Set.of("Duration", "Size", "Port", "Ipv4",
			"Cidr", "MacAddress", "MacOctet");

	@Override
	public void provideHighlightingFor(XtextResource resource, IHighlightedPositionAcceptor acceptor,
			CancelIndicator cancel) {
		if (resource == null || resource.getParseResult() == null) {
			return;
		}
		for (ILeafNode leaf : resource.getParseResult().getRootNode().getLeafNodes()) {
			if (cancel != null && cancel.isCanceled()) {
				return;
			}
			if (leaf.getLength() == 0) {
				continue;
			}
			String style = styleOf(leaf);
			if (style != null) {
				acceptor.addPosition(leaf.getOffset(), leaf.getLength(), style);
			}
		}
	}

	/** The style of one token, or null for whitespace, punctuation and unplaced text. */
	public static String styleOf(ILeafNode leaf) {
		EObject element = leaf.getGrammarElement();
		if (leaf.isHidden()) {
			return element instanceof TerminalRule rule && rule.getName().endsWith("_COMMENT")
					? RaftHighlightingStyles.COMMENT
					: null;
		}
		if (element instanceof Keyword keyword) {
			return styleOfKeyword(keyword);
		}
		if (element instanceof CrossReference) {
			return RaftHighlightingStyles.REFERENCE;
		}
		if (element instanceof EnumLiteralDeclaration) {
			return RaftHighlightingStyles.CHOICE;
		}
		if (element instanceof RuleCall call) {
			return styleOfRuleCall(call);
		}
		return null;
	}

	private static String styleOfKeyword(Keyword keyword) {
		AbstractRule rule = GrammarUtil.containingRule(keyword);
		if (rule instanceof EnumRule) {
			return RaftHighlightingStyles.CHOICE;
		}
		if (rule != null && VALUE_RULES.contains(rule.getName())) {
			return RaftHighlightingStyles.VALUE;
		}
		return Character.isLetter(keyword.getValue().charAt(0)) ? RaftHighlightingStyles.KEYWORD : null;
	}

	private static String styleOfRuleCall(RuleCall call) {
		AbstractRule containing = GrammarUtil.containingRule(call);
		if (containing != null && VALUE_RULES.contains(containing.getName())) {
			return RaftHighlightingStyles.VALUE;
		}
		if (GrammarUtil.containingCrossReference(call) != null) {
			return RaftHighlightingStyles.REFERENCE;
		}
		Assignment assignment = GrammarUtil.containingAssignment(call);
		if (assignment != null && "name".equals(assignment.getFeature())) {
			return RaftHighlightingStyles.DECLARATION;
		}
		String called = call.getRule() == null ? "" : call.getRule().getName();
		return switch (called) {
		case "STRING" -> RaftHighlightingStyles.STRING;
		case "INT" -> RaftHighlightingStyles.VALUE;
		default -> call.getRule() instanceof ParserRule rule && VALUE_RULES.contains(rule.getName())
				? RaftHighlightingStyles.VALUE
				: null;
		};
	}
}
