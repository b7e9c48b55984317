package org.raftforge.dsl.validation;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.validation.AbstractDeclarativeValidator;
import org.eclipse.xtext.validation.EValidatorRegistrar;
import org.raftforge.dsl.model.Presence;
import org.raftforge.dsl.raft.Cluster;

/**
 * Base of the validators of one concern each; {@link RaftValidator} composes them.
 */
public abstract class AbstractRaftCheck extends AbstractDeclarativeValidator {

	/** Composed into RaftValidator, which registers once; registering here too would report twice. */
	@Override
	public void register(EValidatorRegistrar registrar) {
	}

	/*
	 * A value the converter could not read already has its syntax error; a rule that then
	 * sees the feature's default (0, null) would only add a misleading second message.
	 */
	@Override
	public void acceptError(String message, EObject object, EStructuralFeature feature, int index, String code,
			String... issueData) {
		if (!Presence.isUnreadable(object, feature)) {
			super.acceptError(message, object, feature, index, code, issueData);
		}
	}

	@Override
	public void acceptWarning(String message, EObject object, EStructuralFeature feature, int index, String code,
			String... issueData) {
		if (!Presence.isUnreadable(object, feature)) {
			super.acceptWarning(message, object, feature, index, code, issueData);
		}
	}

	protected static Cluster clusterOf(EObject object) {
		return EcoreUtil2.getContainerOfType(object, Cluster.class);
	}

	/** "line 12" for messages that point at another place in the file. */
	protected static String lineOf(EObject object) {
		ICompositeNode node = NodeModelUtils.getNode(object);
		return node == null ? "elsewhere" : "line " + node.getStartLine();
	}
}
