package org.raftforge.dsl.ide.outline;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.ide.server.symbol.DocumentSymbolMapper.DocumentSymbolNameProvider;
import org.raftforge.dsl.raft.Cluster;
import org.raftforge.dsl.raft.MemoryBudget;
import org.raftforge.dsl.raft.Node;
import org.raftforge.dsl.raft.RaftSettings;
import org.raftforge.dsl.raft.Storage;
import org.raftforge.dsl.raft.Target;
import org.raftforge.dsl.raft.Transport;
import org.raftforge.dsl.raft.Variant;
import org.raftforge.dsl.raft.Workload;

/**
 * Outline and document-symbol names: the declared name for named elements, the block's
 * keyword for the unnamed blocks (raft, memory, workload). Steps of the workload and
 * anything else stay out of the outline (no name).
 */
public class RaftSymbolNames extends DocumentSymbolNameProvider {

	@Override
	public String getName(EObject object) {
		if (object instanceof Cluster cluster) {
			return cluster.getName();
		}
		if (object instanceof RaftSettings) {
			return "raft";
		}
		if (object instanceof MemoryBudget) {
			return "memory";
		}
		if (object instanceof Workload) {
			return "workload";
		}
		if (object instanceof Transport transport) {
			return transport.getName();
		}
		if (object instanceof Storage storage) {
			return storage.getName();
		}
		if (object instanceof Target target) {
			return target.getName();
		}
		if (object instanceof Node node) {
			return node.getName();
		}
		if (object instanceof Variant variant) {
			return variant.getName();
		}
		return null;
	}
}
