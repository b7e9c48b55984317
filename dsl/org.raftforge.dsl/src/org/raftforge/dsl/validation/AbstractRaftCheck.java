package org.raftforge.dsl.validation;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.validation.AbstractDeclarativeValidator;
import org.eclipse.xtext.validation.EValidatorRegistrar;
import org.raftforge.dsl.raft.Cluster;

/**
 * Base of the validators of one concern each; {@link RaftValidator} composes them.
 */
public abstract class AbstractRaftCheck extends AbstractDeclarativeValidator {

	/** Composed into RaftValidator, which registers once; registering here too would report twice. */
	@Override
	public void register(EValidatorRegistrar registrar) {
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
