package org.raftforge.dsl.ide.outline;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.lsp4j.SymbolKind;
import org.eclipse.xtext.ide.server.symbol.DocumentSymbolMapper.DocumentSymbolKindProvider;
import org.raftforge.dsl.raft.Cluster;
import org.raftforge.dsl.raft.Node;
import org.raftforge.dsl.raft.Storage;
import org.raftforge.dsl.raft.Target;
import org.raftforge.dsl.raft.Transport;
import org.raftforge.dsl.raft.Variant;
import org.raftforge.dsl.raft.Workload;

/** The symbol kind (and so the icon) of each outline element. */
public class RaftSymbolKinds extends DocumentSymbolKindProvider {

	@Override
	public SymbolKind getSymbolKind(EObject object) {
		if (object instanceof Cluster) {
			return SymbolKind.Module;
		}
		if (object instanceof Node) {
			return SymbolKind.Object;
		}
		if (object instanceof Variant) {
			return SymbolKind.Class;
		}
		if (object instanceof Transport) {
			return SymbolKind.Interface;
		}
		if (object instanceof Storage) {
			return SymbolKind.Struct;
		}
		if (object instanceof Target) {
			return SymbolKind.Package;
		}
		if (object instanceof Workload) {
			return SymbolKind.Event;
		}
		return SymbolKind.Property;
	}
}
