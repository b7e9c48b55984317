package org.raftforge.dsl.ide.outline;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.ide.server.symbol.DocumentSymbolMapper.DocumentSymbolDetailsProvider;
import org.raftforge.dsl.raft.ChannelTransport;
import org.raftforge.dsl.raft.FileStorage;
import org.raftforge.dsl.raft.MemoryStorage;
import org.raftforge.dsl.raft.NativeTarget;
import org.raftforge.dsl.raft.Node;
import org.raftforge.dsl.raft.QemuTarget;
import org.raftforge.dsl.raft.SemihostingStorage;
import org.raftforge.dsl.raft.UdpTransport;
import org.raftforge.dsl.raft.Variant;
import org.raftforge.dsl.raft.Workload;

/** The short text next to an outline element's name: what kind of block it is, where a node listens. */
public class RaftSymbolDetails extends DocumentSymbolDetailsProvider {

	@Override
	public String getDetails(EObject object) {
		if (object instanceof Node node) {
			return node.getAddress() + ":" + node.getPort() + (node.isLearner() ? " learner" : "");
		}
		if (object instanceof Variant variant) {
			return (variant.isDefaultVariant() ? "default: " : "") + name(variant.getStorage()) + " / "
					+ name(variant.getTransport()) + " / " + name(variant.getTarget());
		}
		if (object instanceof UdpTransport udp) {
			return "udp " + udp.getSubnet();
		}
		if (object instanceof ChannelTransport) {
			return "channel";
		}
		if (object instanceof MemoryStorage) {
			return "memory";
		}
		if (object instanceof SemihostingStorage) {
			return "semihosting";
		}
		if (object instanceof FileStorage) {
			return "file";
		}
		if (object instanceof QemuTarget qemu) {
			return "qemu " + qemu.getMachine();
		}
		if (object instanceof NativeTarget) {
			return "native";
		}
		if (object instanceof Workload workload) {
			return workload.getSteps().size() + " steps";
		}
		return "";
	}

	private static String name(EObject reference) {
		if (reference == null || reference.eIsProxy()) {
			return "?";
		}
		EObject named = reference;
		var feature = named.eClass().getEStructuralFeature("name");
		return feature == null ? "?" : String.valueOf(named.eGet(feature));
	}
}
