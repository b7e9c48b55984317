package org.raftforge.dsl.ui.editor;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.xtext.TerminalRule;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.resource.XtextResource;

/**
 * What can be folded in a model: every `{ ... }` block that spans lines (cluster, raft,
 * memory, transports, storages, targets, workload) and every run of two or more comment
 * lines. Found in the parse tree, so it does not depend on indentation.
 */
public final class FoldingRegions {

	/** Lines {@code firstLine}..{@code lastLine} (0-based, inclusive). */
	public record Lines(int firstLine, int lastLine) {
	}

	private FoldingRegions() {
	}

	public static List<Lines> of(XtextResource resource) {
		List<Lines> regions = new ArrayList<>();
		if (resource.getParseResult() == null) {
			return regions;
		}
		ICompositeNode root = resource.getParseResult().getRootNode();
		for (INode node : root.getAsTreeIterable()) {
			if (node instanceof ICompositeNode composite) {
				blockOf(composite).ifPresent(regions::add);
			}
		}
		regions.addAll(commentRuns(root));
		return regions;
	}

	/** From the line of the element's first token to the line of its closing brace. */
	private static java.util.Optional<Lines> blockOf(ICompositeNode composite) {
		ILeafNode open = null;
		ILeafNode close = null;
		for (INode child : composite.getChildren()) {
			if (child instanceof ILeafNode leaf && !leaf.isHidden()) {
				if ("{".equals(leaf.getText()) && open == null) {
					open = leaf;
				} else if ("}".equals(leaf.getText())) {
					close = leaf;
				}
			}
		}
		if (open == null || close == null || close.getStartLine() <= open.getStartLine()) {
			return java.util.Optional.empty();
		}
		return java.util.Optional.of(new Lines(composite.getStartLine() - 1, close.getStartLine() - 1));
	}

	private static List<Lines> commentRuns(ICompositeNode root) {
		List<Lines> runs = new ArrayList<>();
		int first = -1;
		int last = -1;
		for (ILeafNode leaf : root.getLeafNodes()) {
			boolean comment = leaf.getGrammarElement() instanceof TerminalRule rule && "SL_COMMENT".equals(rule.getName());
			if (comment) {
				int line = leaf.getStartLine() - 1;
				if (first >= 0 && line == last + 1) {
					last = line;
				} else {
					addRun(runs, first, last);
					first = line;
					last = line;
				}
			} else if (!leaf.isHidden()) {
				addRun(runs, first, last);
				first = -1;
			}
		}
		addRun(runs, first, last);
		return runs;
	}

	private static void addRun(List<Lines> runs, int first, int last) {
		if (first >= 0 && last > first) {
			runs.add(new Lines(first, last));
		}
	}
}
