package org.raftforge.dsl.validation;

import static org.raftforge.dsl.raft.RaftPackage.Literals.CHANNEL_TRANSPORT__CAPACITY;
import static org.raftforge.dsl.raft.RaftPackage.Literals.MEMORY_BUDGET__BUDGET;
import static org.raftforge.dsl.raft.RaftPackage.Literals.MEMORY_BUDGET__STACK;
import static org.raftforge.dsl.raft.RaftPackage.Literals.QEMU_TARGET__FLASH;
import static org.raftforge.dsl.raft.RaftPackage.Literals.QEMU_TARGET__RAM;
import static org.raftforge.dsl.raft.RaftPackage.Literals.UDP_TRANSPORT__QUEUE_DEPTH;
import static org.raftforge.dsl.raft.RaftPackage.Literals.UDP_TRANSPORT__RECEIVE_BUFFER;

import org.eclipse.xtext.validation.Check;
import org.raftforge.dsl.raft.ChannelTransport;
import org.raftforge.dsl.raft.Cluster;
import org.raftforge.dsl.raft.MemoryBudget;
import org.raftforge.dsl.raft.QemuTarget;
import org.raftforge.dsl.raft.RaftSettings;
import org.raftforge.dsl.raft.UdpTransport;
import org.raftforge.dsl.raft.Variant;
import org.raftforge.dsl.sizing.MemoryEstimate;
import org.raftforge.dsl.sizing.ResourceEstimator;
import org.raftforge.dsl.values.Units;

/**
 * Resources: message buffers large enough for the largest message, queues deep enough for
 * one broadcast, and a memory budget that holds a node and fits the target. Every number
 * comes from {@link ResourceEstimator}.
 */
public class ResourcesValidator extends AbstractRaftCheck {

	@Check
	public void checkUdpBuffers(UdpTransport udp) {
		Cluster cluster = clusterOf(udp);
		RaftSettings raft = cluster == null ? null : cluster.getRaft();
		if (udp.getReceiveBuffer() <= 0) {
			error("receive-buffer must be larger than 0 B, e.g. 4 KiB", udp, UDP_TRANSPORT__RECEIVE_BUFFER,
					RaftIssueCodes.VALUE_NOT_POSITIVE);
		} else if (raft != null && raft.getMaxEntrySize() > 0) {
			long largest = ResourceEstimator.largestFrameBytes(raft);
			if (udp.getReceiveBuffer() < largest) {
				error("receive-buffer " + Units.size(udp.getReceiveBuffer())
						+ " cannot hold the largest message these settings allow: " + largest + " B (frame "
						+ ResourceEstimator.FRAME_OVERHEAD_BYTES + " + header " + ResourceEstimator.messageHeaderBytes(raft)
						+ " + entry " + ResourceEstimator.ENTRY_WIRE_OVERHEAD_BYTES + " + max-entry-size "
						+ raft.getMaxEntrySize() + "); use at least " + largest + " B or lower max-entry-size", udp,
						UDP_TRANSPORT__RECEIVE_BUFFER, RaftIssueCodes.UDP_BUFFER_TOO_SMALL, Long.toString(largest));
			}
		}
		if (udp.getQueueDepth() <= 0) {
			error("queue-depth must be at least 1 message, e.g. 16", udp, UDP_TRANSPORT__QUEUE_DEPTH,
					RaftIssueCodes.VALUE_NOT_POSITIVE);
		} else if (cluster != null) {
			int needed = ResourceEstimator.repliesPerBroadcast(cluster.getNodes().size());
			if (udp.getQueueDepth() < needed) {
				warning("queue-depth " + udp.getQueueDepth() + " cannot hold the " + needed
						+ " replies to one broadcast of the leader (one per peer): replies will be dropped and "
						+ "retried; use at least " + needed, udp, UDP_TRANSPORT__QUEUE_DEPTH,
						RaftIssueCodes.QUEUE_TOO_SHALLOW, Integer.toString(needed));
			}
		}
	}

	@Check
	public void checkChannelCapacity(ChannelTransport channel) {
		Cluster cluster = clusterOf(channel);
		if (channel.getCapacity() <= 0) {
			error("capacity must be at least 1 message, e.g. 32", channel, CHANNEL_TRANSPORT__CAPACITY,
					RaftIssueCodes.VALUE_NOT_POSITIVE);
			return;
		}
		int nodes = cluster == null ? 0 : cluster.getNodes().size();
		int round = ResourceEstimator.messagesPerBroadcastRound(nodes);
		if (channel.getCapacity() < round) {
			warning("capacity " + channel.getCapacity() + " cannot hold one broadcast round of " + nodes + " nodes ("
					+ round + " messages: a request to each of the " + (nodes - 1) + " followers and its reply); "
					+ "messages will be dropped and retried; use at least " + round, channel,
					CHANNEL_TRANSPORT__CAPACITY, RaftIssueCodes.CHANNEL_TOO_SMALL, Integer.toString(round));
		}
	}

	@Check
	public void checkTargetSizes(QemuTarget target) {
		if (target.getFlash() <= 0) {
			error("flash must be larger than 0 B, e.g. 4 MiB", target, QEMU_TARGET__FLASH,
					RaftIssueCodes.VALUE_NOT_POSITIVE);
		}
		if (target.getRam() <= 0) {
			error("ram must be larger than 0 B, e.g. 4 MiB", target, QEMU_TARGET__RAM,
					RaftIssueCodes.VALUE_NOT_POSITIVE);
		}
	}

	@Check
	public void checkMemoryBudget(MemoryBudget memory) {
		if (memory.getBudget() <= 0) {
			error("budget must be larger than 0 B, e.g. 48 KiB", memory, MEMORY_BUDGET__BUDGET,
					RaftIssueCodes.VALUE_NOT_POSITIVE);
			return;
		}
		if (memory.getStack() <= 0) {
			error("stack must be larger than 0 B, e.g. 16 KiB", memory, MEMORY_BUDGET__STACK,
					RaftIssueCodes.VALUE_NOT_POSITIVE);
			return;
		}
		Cluster cluster = clusterOf(memory);
		if (cluster == null || cluster.getRaft() == null) {
			return;
		}
		for (Variant variant : cluster.getVariants()) {
			if (isResolved(variant)) {
				checkBudgetHoldsANode(cluster, memory, variant);
				checkBudgetFitsTheTarget(cluster, memory, variant);
			}
		}
	}

	private void checkBudgetHoldsANode(Cluster cluster, MemoryBudget memory, Variant variant) {
		MemoryEstimate need = ResourceEstimator.estimate(cluster, variant);
		long missing = need.total() - memory.getBudget();
		if (missing > 0) {
			String suggestion = Units.size(roundUpToKiB(need.total()));
			String share = need.nodesPerImage() > 1
					? " (its share of one image holding all " + need.nodesPerImage() + " nodes: "
							+ Units.bytesForHumans(need.image()) + ")"
					: "";
			error("memory budget " + Units.size(memory.getBudget()) + " is " + missing + " B short for variant "
					+ variant.getName() + ": a node needs " + Units.bytesForHumans(need.total()) + share + " = "
					+ need.breakdown() + "; raise the budget to at least " + suggestion
					+ " or lower max-log-entries, max-entry-size, the buffers or the stack", memory,
					MEMORY_BUDGET__BUDGET, RaftIssueCodes.MEMORY_BUDGET_TOO_SMALL, suggestion);
		}
	}

	private void checkBudgetFitsTheTarget(Cluster cluster, MemoryBudget memory, Variant variant) {
		if (!(variant.getTarget() instanceof QemuTarget qemu) || qemu.getRam() <= 0) {
			return;
		}
		int nodesInImage = ResourceEstimator.nodesPerImage(cluster, variant);
		long needed = memory.getBudget() * nodesInImage;
		if (needed > qemu.getRam()) {
			String perImage = nodesInImage == 1 ? ""
					: " x " + nodesInImage + " nodes in one image (channel transport) = " + Units.bytesForHumans(needed);
			error("memory budget " + Units.size(memory.getBudget()) + perImage + " does not fit the "
					+ Units.size(qemu.getRam()) + " of RAM of target " + qemu.getName() + " (variant "
					+ variant.getName() + "): lower the budget to at most "
					+ Units.size(qemu.getRam() / nodesInImage / Units.KIB * Units.KIB) + " or give the target more ram",
					memory, MEMORY_BUDGET__BUDGET, RaftIssueCodes.MEMORY_BUDGET_EXCEEDS_RAM);
		}
	}

	private static boolean isResolved(Variant variant) {
		return variant.getTransport() != null && !variant.getTransport().eIsProxy() && variant.getTarget() != null
				&& !variant.getTarget().eIsProxy();
	}

	private static long roundUpToKiB(long bytes) {
		return (bytes + Units.KIB - 1) / Units.KIB * Units.KIB;
	}
}
