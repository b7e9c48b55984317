package org.raftforge.dsl.sizing;

import java.nio.charset.StandardCharsets;

import org.raftforge.dsl.raft.ChannelTransport;
import org.raftforge.dsl.raft.Cluster;
import org.raftforge.dsl.raft.QemuTarget;
import org.raftforge.dsl.raft.RaftSettings;
import org.raftforge.dsl.raft.Transport;
import org.raftforge.dsl.raft.UdpTransport;
import org.raftforge.dsl.raft.Variant;

/**
 * Every sizing formula of RaftForge in one place: validation quotes these numbers and
 * the generator sizes the runtime's buffers with them. The per-entry and per-message
 * overheads are working assumptions until the C runtime confirms its layouts
 * (runtime/include/raft/raft_config.h derives the same quantities); change them here,
 * and only here, when it does.
 */
public final class ResourceEstimator {

	private ResourceEstimator() {
	}

	// ------------------------------------------------------------------ runtime limits

	/** Voters plus learners a node table can hold (RAFT_MAX_NODES upper bound). */
	public static final int MAX_NODES = 32;

	// ------------------------------------------------------------------ log entries

	/** In RAM, each log entry carries its term and index (8 B each) before the payload. */
	public static final int ENTRY_HEADER_BYTES = 16;

	// ------------------------------------------------------------------ wire format

	/** Frame around every message: version, length, CRC-32C. */
	public static final int FRAME_OVERHEAD_BYTES = 8;
	/**
	 * Largest fixed part of a message (AppendEntries: type, from, to, term, prev index,
	 * prev term, commit, entry count, as varints at their widest).
	 */
	public static final int MESSAGE_HEADER_BYTES = 32;
	/** Each entry on the wire: term, index and length varints. */
	public static final int ENTRY_WIRE_OVERHEAD_BYTES = 12;

	// ------------------------------------------------------------------ state machine

	/** A key-value command around its key and value: op, lengths, client id, sequence number. */
	public static final int COMMAND_OVERHEAD_BYTES = 16;
	/** Keys the demo key-value table holds per node (the generator emits it as RAFT_KV_MAX_KEYS). */
	public static final int KV_MAX_KEYS = 32;

	// ------------------------------------------------------------------ per node, fixed

	/** Raft's own state: term, vote, commit/apply indices, timers, PRNG, role. */
	public static final int CORE_FIXED_BYTES = 512;
	/** One progress record per peer: next/match index, flags, address and port. */
	public static final int PEER_STATE_BYTES = 32;
	/** lwIP with NO_SYS=1 and UDP only: heap, pbuf pool, PCBs (QEMU targets). */
	public static final int LWIP_UDP_BYTES = 12 * 1024;

	// ------------------------------------------------------------------ formulas

	/** One log entry in RAM. */
	public static long entryBytes(RaftSettings raft) {
		return ENTRY_HEADER_BYTES + raft.getMaxEntrySize();
	}

	/** The in-memory log: max-log-entries entries of the largest size. */
	public static long logBytes(RaftSettings raft) {
		return (long) raft.getMaxLogEntries() * entryBytes(raft);
	}

	/** The largest frame the settings allow: an AppendEntries carrying one entry of max-entry-size. */
	public static long largestFrameBytes(RaftSettings raft) {
		return FRAME_OVERHEAD_BYTES + MESSAGE_HEADER_BYTES + ENTRY_WIRE_OVERHEAD_BYTES + raft.getMaxEntrySize();
	}

	/** Entries one AppendEntries can carry in a frame of {@code frameBytes} (RAFT_MAX_BATCH); at least 1. */
	public static long maxBatchEntries(long frameBytes, RaftSettings raft) {
		long room = frameBytes - FRAME_OVERHEAD_BYTES - MESSAGE_HEADER_BYTES;
		return Math.max(1, room / (ENTRY_WIRE_OVERHEAD_BYTES + raft.getMaxEntrySize()));
	}

	/** The payload of a put: the command around key and value (UTF-8 bytes). */
	public static long commandBytes(String key, String value) {
		return COMMAND_OVERHEAD_BYTES + utf8Length(key) + utf8Length(value);
	}

	/**
	 * Messages in flight in one broadcast round: the leader's request to each follower
	 * and each follower's reply.
	 */
	public static int messagesPerBroadcastRound(int nodes) {
		return 2 * Math.max(0, nodes - 1);
	}

	/** Replies one node must be able to queue: one from each peer. */
	public static int repliesPerBroadcast(int nodes) {
		return Math.max(0, nodes - 1);
	}

	/** Transport memory of one node: UDP receive buffer + queue, or its share of the channel ring. */
	public static long transportBytes(Transport transport, RaftSettings raft, int nodes) {
		long frame = largestFrameBytes(raft);
		if (transport instanceof UdpTransport udp) {
			return udp.getReceiveBuffer() + (long) udp.getQueueDepth() * frame;
		}
		if (transport instanceof ChannelTransport channel) {
			long ring = (long) channel.getCapacity() * frame;
			return nodes == 0 ? ring : (ring + nodes - 1) / nodes;
		}
		return 0;
	}

	/** One node of {@code variant}, term by term. */
	public static MemoryEstimate estimate(Cluster cluster, Variant variant) {
		RaftSettings raft = cluster.getRaft();
		int nodes = cluster.getNodes().size();
		long stack = cluster.getMemory() == null ? 0 : cluster.getMemory().getStack();
		boolean lwip = variant.getTarget() instanceof QemuTarget && variant.getTransport() instanceof UdpTransport;
		return new MemoryEstimate(
				logBytes(raft),
				transportBytes(variant.getTransport(), raft, nodes),
				stack,
				lwip ? LWIP_UDP_BYTES : 0,
				CORE_FIXED_BYTES + (long) PEER_STATE_BYTES * nodes,
				(long) KV_MAX_KEYS * raft.getMaxEntrySize());
	}

	/** Nodes that share one image's RAM: all of them on a channel, else one. */
	public static int nodesPerImage(Cluster cluster, Variant variant) {
		return variant.getTransport() instanceof ChannelTransport ? cluster.getNodes().size() : 1;
	}

	private static long utf8Length(String text) {
		return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
	}
}
