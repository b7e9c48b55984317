package org.raftforge.dsl.ide.hover;

import java.util.Optional;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.Range;
import org.eclipse.xtext.CrossReference;
import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.Keyword;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.ide.server.hover.HoverService;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.EObjectAtOffsetHelper;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;

import com.google.inject.Inject;
import com.google.inject.Singleton;

/**
 * Hovers: a keyword shows what it means; a name or a reference shows what the element
 * amounts to and the comment above it; a value shows the documentation of the setting it
 * belongs to. The same texts serve the language server (markdown) and the Eclipse editor
 * (plain text, through {@link #hoverAt}).
 */
@Singleton
public class RaftHoverService extends HoverService {

	/** The hovered region and its text in both forms. */
	public record HoverText(int offset, int length, String plainText, String markdown) {
	}

	private final KeywordDocumentation keywords = new KeywordDocumentation();

	@Inject
	private EObjectAtOffsetHelper eObjectAtOffset;

	@Override
	public Hover hover(Document document, XtextResource resource, HoverParams params, CancelIndicator cancel) {
		int offset = document.getOffSet(params.getPosition());
		return hoverAt(resource, offset).map(text -> {
			Range range = new Range(document.getPosition(text.offset()),
					document.getPosition(text.offset() + text.length()));
			return new Hover(new MarkupContent(MarkupKind.MARKDOWN, text.markdown()), range);
		}).orElse(null);
	}

	/** What to show for the text at {@code offset}, if anything. */
	public Optional<HoverText> hoverAt(XtextResource resource, int offset) {
		if (resource.getParseResult() == null) {
			return Optional.empty();
		}
		ILeafNode leaf = NodeModelUtils.findLeafNodeAtOffset(resource.getParseResult().getRootNode(), offset);
		if (leaf == null || leaf.isHidden()) {
			return Optional.empty();
		}
		if (leaf.getGrammarElement() instanceof Keyword keyword) {
			return keywords.of(keyword).map(entry -> new HoverText(leaf.getOffset(), leaf.getLength(),
					entry.asPlainText(), entry.asMarkdown()));
		}
		EObject element = referencedOrNamedElement(resource, leaf, offset);
		if (element != null) {
			String summary = ElementSummaries.describe(element);
			if (summary != null) {
				return Optional.of(new HoverText(leaf.getOffset(), leaf.getLength(), summary, markdown(summary)));
			}
		}
		return settingKeywordBefore(leaf).flatMap(keywords::of).map(entry -> {
			INode value = valueNode(leaf);
			return new HoverText(value.getOffset(), value.getLength(), entry.asPlainText(), entry.asMarkdown());
		});
	}

	private EObject referencedOrNamedElement(XtextResource resource, ILeafNode leaf, int offset) {
		if (GrammarUtil.containingCrossReference(leaf.getGrammarElement()) instanceof CrossReference) {
			EObject target = eObjectAtOffset.resolveCrossReferencedElementAt(resource, offset);
			return target == null || target.eIsProxy() ? null : target;
		}
		EObject element = eObjectAtOffset.resolveElementAt(resource, offset);
		if (element != null && element.eClass().getEStructuralFeature("name") != null) {
			for (INode nameNode : NodeModelUtils.findNodesForFeature(element,
					element.eClass().getEStructuralFeature("name"))) {
				if (nameNode.getTotalOffset() <= offset && offset < nameNode.getTotalEndOffset()) {
					return element;
				}
			}
		}
		return null;
	}

	/** The keyword that introduces the value {@code leaf} is part of (`heartbeat` for 100ms). */
	private static Optional<Keyword> settingKeywordBefore(ILeafNode leaf) {
		INode node = leaf;
		while (node != null) {
			node = previousLeaf(node);
			if (node instanceof ILeafNode previous && !previous.isHidden()
					&& previous.getGrammarElement() instanceof Keyword keyword && isWord(keyword)) {
				return Optional.of(keyword);
			}
		}
		return Optional.empty();
	}

	private static INode previousLeaf(INode node) {
		INode current = node;
		while (current != null) {
			INode sibling = current.getPreviousSibling();
			if (sibling != null) {
				INode last = sibling;
				while (last instanceof org.eclipse.xtext.nodemodel.ICompositeNode composite
						&& composite.getLastChild() != null) {
					last = composite.getLastChild();
				}
				return last;
			}
			current = current.getParent();
		}
		return null;
	}

	/** The whole value a leaf belongs to: "100ms" for the leaf "ms", "10.0.0.1" for "0". */
	private static INode valueNode(ILeafNode leaf) {
		INode node = leaf;
		while (node.getParent() != null && isDatatypeRuleCall(node.getParent())) {
			node = node.getParent();
		}
		return node;
	}

	private static boolean isDatatypeRuleCall(INode node) {
		return node.getGrammarElement() instanceof org.eclipse.xtext.RuleCall call
				&& call.getRule() instanceof org.eclipse.xtext.ParserRule rule && GrammarUtil.isDatatypeRule(rule);
	}

	/** A keyword that names a setting: a word, not a unit inside a value (`ms`, `KiB`). */
	private static boolean isWord(Keyword keyword) {
		org.eclipse.xtext.ParserRule rule = GrammarUtil.containingParserRule(keyword);
		return Character.isLetter(keyword.getValue().charAt(0)) && (rule == null || !GrammarUtil.isDatatypeRule(rule));
	}

	/** The first line (the summary) in code style, the comment below it as text. */
	private static String markdown(String plain) {
		int split = plain.indexOf("\n\n");
		return split < 0 ? plain : "**" + plain.substring(0, split) + "**\n\n" + plain.substring(split + 2);
	}

	@Override
	public String getContents(EObject element) {
		return ElementSummaries.describe(element);
	}
}
