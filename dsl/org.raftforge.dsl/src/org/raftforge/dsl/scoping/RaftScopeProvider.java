/*
 * Variants refer to the storages, transports and targets of their own cluster, by name.
 */
package org.raftforge.dsl.scoping;

import static org.raftforge.dsl.raft.RaftPackage.Literals.VARIANT__STORAGE;
import static org.raftforge.dsl.raft.RaftPackage.Literals.VARIANT__TARGET;
import static org.raftforge.dsl.raft.RaftPackage.Literals.VARIANT__TRANSPORT;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.scoping.IScope;
import org.eclipse.xtext.scoping.Scopes;
import org.raftforge.dsl.raft.Cluster;

public class RaftScopeProvider extends AbstractRaftScopeProvider {

	@Override
	public IScope getScope(EObject context, EReference reference) {
		Cluster cluster = EcoreUtil2.getContainerOfType(context, Cluster.class);
		if (cluster != null) {
			if (reference == VARIANT__STORAGE) {
				return Scopes.scopeFor(cluster.getStorages());
			}
			if (reference == VARIANT__TRANSPORT) {
				return Scopes.scopeFor(cluster.getTransports());
			}
			if (reference == VARIANT__TARGET) {
				return Scopes.scopeFor(cluster.getTargets());
			}
		}
		return super.getScope(context, reference);
	}
}
