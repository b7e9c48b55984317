package org.raftforge.dsl.model;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
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
}
