package org.raftforge.generator;

import java.util.List;

import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.raftforge.generator.plan.PlanProblem;

/**
 * Where in the model file a {@link PlanProblem} is (1-based line and column), and its compiler-style line
 * {@code FILE:LINE:COL: error: MESSAGE [generator]}, as validation prints its diagnostics.
 */
public record ProblemLocation(int line, int column) {

	public static ProblemLocation of(PlanProblem problem) {
		INode node = null;
		if (problem.feature() != null) {
			List<INode> nodes = NodeModelUtils.findNodesForFeature(problem.element(), problem.feature());
			node = nodes.isEmpty() ? null : nodes.get(0);
		}
		if (node == null) {
			node = NodeModelUtils.getNode(problem.element());
		}
		if (node == null) {
			return new ProblemLocation(1, 1);
		}
		ICompositeNode root = node.getRootNode();
		String text = root == null ? "" : root.getText();
		int offset = node.getOffset();
		int lineStart = text.lastIndexOf('\n', Math.max(0, offset - 1)) + 1;
		return new ProblemLocation(node.getStartLine(), offset - lineStart + 1);
	}

	/** The compiler-style line for {@code file} (the path as the user gave it). */
	public static String format(String file, PlanProblem problem) {
		ProblemLocation location = of(problem);
		return file + ":" + location.line + ":" + location.column + ": error: " + problem.message() + " [generator]";
	}
}
