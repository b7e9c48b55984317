package org.raftforge.dsl.ui.builder;

import java.io.IOException;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IFolder;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.raftforge.dsl.raft.Cluster;
import org.raftforge.generator.ClusterGenerator;
import org.raftforge.generator.PlanProblemsException;
import org.raftforge.generator.plan.PlanProblem;

/**
 * Generate-on-save: the generator of `raftforge generate`, run on a valid model into the
 * project's {@value #OUTPUT_FOLDER}/&lt;cluster&gt;/&lt;variant&gt;/ (only changed files are
 * rewritten), which is then refreshed and marked derived. What the generator refuses
 * becomes error markers at the model element to change.
 */
public final class ModelGeneration {

	public static final String OUTPUT_FOLDER = "src-gen";

	private ClusterGenerator generator;

	public static boolean isOutput(IResource resource) {
		return resource.getType() == IResource.FOLDER && resource.getParent().getType() == IResource.PROJECT
				&& OUTPUT_FOLDER.equals(resource.getName());
	}

	public static IFolder outputOf(IProject project) {
		return project.getFolder(OUTPUT_FOLDER);
	}

	void generate(IFile model, Cluster cluster) throws CoreException {
		if (cluster.getVariants().isEmpty()) {
			// validation already warns: nothing to generate
			return;
		}
		IProject project = model.getProject();
		IFolder output = outputOf(project);
		if (output.getLocation() == null || model.getLocation() == null) {
			ProblemMarkers.add(model, IMarker.SEVERITY_ERROR,
					"cannot generate: project " + project.getName() + " is not on the local file system");
			return;
		}
		try {
			generator().generate(cluster, model.getLocation().toPath(), output.getLocation().toPath(), List.of());
		} catch (PlanProblemsException e) {
			for (PlanProblem problem : e.problems()) {
				markPlanProblem(model, problem);
			}
		} catch (IOException | RuntimeException e) {
			ProblemMarkers.add(model, IMarker.SEVERITY_ERROR,
					"generating into " + output.getFullPath() + " failed: " + e.getMessage());
		}
		output.refreshLocal(IResource.DEPTH_INFINITE, null);
		if (output.exists() && !output.isDerived()) {
			output.setDerived(true, null);
		}
	}

	private static void markPlanProblem(IFile model, PlanProblem problem) throws CoreException {
		INode node = null;
		if (problem.feature() != null) {
			List<INode> nodes = NodeModelUtils.findNodesForFeature(problem.element(), problem.feature());
			node = nodes.isEmpty() ? null : nodes.get(0);
		}
		if (node == null) {
			node = NodeModelUtils.getNode(problem.element());
		}
		IMarker marker = model.createMarker(ProblemMarkers.TYPE);
		marker.setAttribute(IMarker.MESSAGE, problem.message());
		marker.setAttribute(IMarker.SEVERITY, IMarker.SEVERITY_ERROR);
		marker.setAttribute(ProblemMarkers.CODE, "generator");
		if (node != null) {
			marker.setAttribute(IMarker.LINE_NUMBER, node.getStartLine());
			marker.setAttribute(IMarker.CHAR_START, node.getOffset());
			marker.setAttribute(IMarker.CHAR_END, node.getEndOffset());
		}
	}

	private ClusterGenerator generator() {
		if (generator == null) {
			generator = new ClusterGenerator();
		}
		return generator;
	}
}
