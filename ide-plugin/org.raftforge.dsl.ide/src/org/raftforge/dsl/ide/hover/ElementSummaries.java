package org.raftforge.dsl.ide.hover;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.TerminalRule;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.raftforge.dsl.model.Nodes;
import org.raftforge.dsl.model.Presence;
import org.raftforge.dsl.model.Variants;
import org.raftforge.dsl.raft.ChannelTransport;
import org.raftforge.dsl.raft.Cluster;
import org.raftforge.dsl.raft.FileStorage;
import org.raftforge.dsl.raft.MemoryBudget;
import org.raftforge.dsl.raft.MemoryStorage;
import org.raftforge.dsl.raft.NativeTarget;
import org.raftforge.dsl.raft.Node;
import org.raftforge.dsl.raft.QemuTarget;
import org.raftforge.dsl.raft.RaftPackage;
import org.raftforge.dsl.raft.RaftSettings;
import org.raftforge.dsl.raft.SemihostingStorage;
import org.raftforge.dsl.raft.Storage;
import org.raftforge.dsl.raft.Target;
import org.raftforge.dsl.raft.Transport;
import org.raftforge.dsl.raft.UdpTransport;
import org.raftforge.dsl.raft.Variant;
import org.raftforge.dsl.values.Units;

/**
 * One line saying what a declared element amounts to (a node's id and role, what a
 * variant combines ...), followed by the `//` comment lines written right above it.
 * Shown when hovering a name or a reference to it.
 */
public final class ElementSummaries {

	private ElementSummaries() {
	}

	/** Plain text; null for elements that have no summary. */
	public static String describe(EObject element) {
		String summary = summary(element);
		if (summary == null) {
			return null;
		}
		String comment = commentAbove(element);
		return comment.isEmpty() ? summary : summary + "\n\n" + comment;
	}

	private static String summary(EObject element) {
		if (element instanceof Cluster cluster) {
			int voters = Nodes.voters(cluster).size();
			return "cluster " + cluster.getName() + ": " + count(cluster.getNodes().size(), "node") + " (" + voters
					+ (voters == 1 ? " voter" : " voters") + ", majority " + (voters / 2 + 1) + "), "
					+ count(cluster.getVariants().size(), "variant")
					+ Variants.defaultVariant(cluster).map(variant -> ", default " + variant.getName()).orElse("");
		}
		if (element instanceof Node node) {
			return "node " + node.getName() + ": id " + Nodes.effectiveId(node)
					+ (Presence.isWritten(node, RaftPackage.Literals.NODE__ID) ? "" : " (its position)") + ", "
					+ (node.isLearner() ? "learner (does not vote)" : "voter") + ", " + node.getAddress() + ":"
					+ node.getPort() + (node.getMac() == null ? "" : ", MAC " + node.getMac());
		}
		if (element instanceof Variant variant) {
			return (variant.isDefaultVariant() ? "default " : "") + "variant " + variant.getName() + ": storage "
					+ describeBriefly(variant.getStorage()) + ", transport " + describeBriefly(variant.getTransport())
					+ ", target " + describeBriefly(variant.getTarget());
		}
		if (element instanceof Storage || element instanceof Transport || element instanceof Target) {
			return kindWord(element) + " " + describeBriefly(element);
		}
		if (element instanceof RaftSettings raft) {
			return "raft: election timeout " + Units.duration(raft.getElectionTimeoutMin()) + " .. "
					+ Units.duration(raft.getElectionTimeoutMax()) + ", heartbeat " + Units.duration(raft.getHeartbeat())
					+ ", log " + raft.getMaxLogEntries() + " entries of up to " + Units.size(raft.getMaxEntrySize());
		}
		if (element instanceof MemoryBudget memory) {
			return "memory: " + Units.size(memory.getBudget()) + " per node, of which stack "
					+ Units.size(memory.getStack());
		}
		return null;
	}

	private static String kindWord(EObject element) {
		if (element instanceof Storage) {
			return "storage";
		}
		return element instanceof Transport ? "transport" : "target";
	}

	/** "volatile (memory, lost when the node stops)" and the like; "?" for an unresolved reference. */
	private static String describeBriefly(EObject block) {
		if (block == null || block.eIsProxy()) {
			return "?";
		}
		if (block instanceof MemoryStorage storage) {
			return storage.getName() + " (memory: RAM only, lost when the node stops)";
		}
		if (block instanceof SemihostingStorage storage) {
			return storage.getName() + " (semihosting files in \"" + storage.getDirectory() + "\")";
		}
		if (block instanceof FileStorage storage) {
			return storage.getName() + " (files in \"" + storage.getDirectory() + "\")";
		}
		if (block instanceof UdpTransport udp) {
			return udp.getName() + " (udp on " + udp.getSubnet() + ", receive buffer "
					+ Units.size(udp.getReceiveBuffer()) + ", queue depth " + udp.getQueueDepth() + ")";
		}
		if (block instanceof ChannelTransport channel) {
			return channel.getName() + " (channel: all nodes in one image, " + channel.getCapacity()
					+ " messages per ring)";
		}
		if (block instanceof QemuTarget qemu) {
			return qemu.getName() + " (qemu " + qemu.getMachine() + ", " + qemu.getCpu() + ", flash "
					+ Units.size(qemu.getFlash()) + ", RAM " + Units.size(qemu.getRam()) + ")";
		}
		if (block instanceof NativeTarget target) {
			return target.getName() + " (native: a process on this machine)";
		}
		return "?";
	}

	private static String count(int n, String word) {
		return n + " " + word + (n == 1 ? "" : "s");
	}

	/** The comment lines directly above the element (no blank line between), without the markers. */
	static String commentAbove(EObject element) {
		ICompositeNode node = NodeModelUtils.getNode(element);
		if (node == null) {
			return "";
		}
		List<String> lines = new ArrayList<>();
		boolean afterComment = false;
		// the hidden tokens in front of an element belong to its node
		for (INode leaf : node.getLeafNodes()) {
			if (!(leaf instanceof ILeafNode hidden) || !hidden.isHidden()) {
				break;
			}
			String rule = hidden.getGrammarElement() instanceof TerminalRule terminal ? terminal.getName() : "";
			if ("SL_COMMENT".equals(rule)) {
				lines.add(hidden.getText().replaceFirst("^//\\s?", "").strip());
				afterComment = true;
			} else if ("ML_COMMENT".equals(rule)) {
				String text = hidden.getText().replaceFirst("^/\\*+", "").replaceFirst("\\*/$", "");
				text.lines().map(line -> line.strip().replaceFirst("^\\*\\s?", "")).forEach(lines::add);
				afterComment = true;
			} else {
				long newlines = hidden.getText().chars().filter(c -> c == '\n').count();
				// a comment's own line end is part of it: one more newline is a blank line
				if (newlines >= (afterComment ? 1 : 2)) {
					lines.clear();
				}
				afterComment = false;
			}
		}
		lines.removeIf(String::isBlank);
		return String.join("\n", lines);
	}
}
