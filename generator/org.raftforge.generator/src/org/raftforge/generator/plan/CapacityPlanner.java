package org.raftforge.generator.plan;

import static org.raftforge.dsl.raft.RaftPackage.Literals.RAFT_SETTINGS__MAX_ENTRY_SIZE;
import static org.raftforge.dsl.raft.RaftPackage.Literals.UDP_TRANSPORT__RECEIVE_BUFFER;

import java.util.List;

import org.raftforge.dsl.raft.ChannelTransport;
import org.raftforge.dsl.raft.Cluster;
import org.raftforge.dsl.raft.QemuTarget;
import org.raftforge.dsl.raft.RaftSettings;
import org.raftforge.dsl.raft.UdpTransport;
import org.raftforge.dsl.raft.Variant;
import org.raftforge.dsl.sizing.ResourceEstimator;

/**
 * Sizes the runtime's capacity macros (runtime/include/raft/raft_config.h) for one variant with the DSL's
 * ResourceEstimator. The runtime's limits on the log (entries, entry size, arena) are validation's (LogValidator);
 * the workload's keys and values are the WorkloadValidator's; what depends on the variant (the frame) is checked here, so that a model the runtime
 * cannot build fails with a located message, not in the C compiler.
 */
final class CapacityPlanner {

	Capacities capacities(Cluster cluster, Variant variant, List<PlanProblem> problems) {
		RaftSettings raft = cluster.getRaft();
		int nodes = cluster.getNodes().size();
		long entry = raft.getMaxEntrySize();
		long logCapacity = raft.getMaxLogEntries();

		long frame = ResourceEstimator.maxFrameBytes(variant, raft);
		String frameReason = frameReason(variant, frame);
		long largest = ResourceEstimator.largestFrameBytes(raft);
		if (frame < largest) {
			problems.add(new PlanProblem(frameElement(variant, raft), frameFeature(variant),
					"variant " + variant.getName() + ": " + frameReason + ", but the largest message these settings "
							+ "allow is " + largest + " B (max-entry-size " + entry + " B + "
							+ (largest - entry) + " B of frame and header); lower max-entry-size to at most "
							+ (entry - (largest - frame)) + " B"));
		}
		long batch = Math.min(ResourceEstimator.maxBatchEntries(frame, raft), Math.max(1, logCapacity));
		long chunk = ResourceEstimator.snapshotChunkBytes(frame, raft);
		long arena = ResourceEstimator.logArenaBytes(raft);

		long keyLen = ResourceEstimator.kvKeyBytes(cluster);
		long valueLen = ResourceEstimator.kvValueBytes(cluster);

		long ringMessages = variant.getTransport() instanceof ChannelTransport channel
				? ResourceEstimator.channelMessagesPerNode(channel, nodes)
				: 0;
		// sessions, pending requests and the longest control line are the runtime's defaults (not in the model):
		// the estimator names them once, for the memory check and for the generated header alike
		return new Capacities(nodes, logCapacity, entry, frame, frameReason, arena, batch, chunk,
				ResourceEstimator.KV_MAX_KEYS, keyLen, valueLen, ResourceEstimator.MAX_SESSIONS,
				ResourceEstimator.MAX_PENDING, ringMessages, ResourceEstimator.controlLineBytes(cluster));
	}

	private static String frameReason(Variant variant, long frame) {
		if (variant.getTransport() instanceof UdpTransport udp) {
			if (frame < udp.getReceiveBuffer()) {
				return variant.getTarget() instanceof QemuTarget
						? "lwIP on QEMU carries at most " + ResourceEstimator.LWIP_MAX_DATAGRAM_BYTES
								+ " B per UDP datagram (no IP fragmentation)"
						: "one UDP datagram carries at most " + ResourceEstimator.HOST_MAX_DATAGRAM_BYTES + " B";
			}
			return "receive-buffer of transport " + udp.getName();
		}
		return "channel: one Ethernet-sized frame, or one largest message when larger";
	}

	private static org.eclipse.emf.ecore.EObject frameElement(Variant variant, RaftSettings raft) {
		return variant.getTransport() instanceof UdpTransport udp ? udp : raft;
	}

	private static org.eclipse.emf.ecore.EStructuralFeature frameFeature(Variant variant) {
		return variant.getTransport() instanceof UdpTransport ? UDP_TRANSPORT__RECEIVE_BUFFER
				: RAFT_SETTINGS__MAX_ENTRY_SIZE;
	}
}
