package org.raftforge.dsl.model;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;

/**
 * Whether an optional setting was written in the file. EMF cannot tell "lease 0ms" from
 * no lease line at all; the node model can. Objects built in memory (no node model)
 * count a non-default value as written.
 */
public final class Presence {

	private Presence() {
	}

	public static boolean isWritten(EObject object, EStructuralFeature feature) {
		if (NodeModelUtils.getNode(object) == null) {
			return object.eIsSet(feature);
		}
		return !NodeModelUtils.findNodesForFeature(object, feature).isEmpty();
	}

	/** True when the feature was written but could not be read (its text carries a syntax error). */
	public static boolean isUnreadable(EObject object, EStructuralFeature feature) {
		if (object == null || feature == null || NodeModelUtils.getNode(object) == null) {
			return false;
		}
		for (INode node : NodeModelUtils.findNodesForFeature(object, feature)) {
			if (node.getSyntaxErrorMessage() != null) {
				return true;
			}
			for (INode leaf : node.getLeafNodes()) {
				if (leaf.getSyntaxErrorMessage() != null) {
					return true;
				}
			}
		}
		return false;
	}
}
