package org.raftforge.dsl.sizing;

import java.nio.charset.StandardCharsets;

import org.raftforge.dsl.raft.ChannelTransport;
import org.raftforge.dsl.raft.Cluster;
import org.raftforge.dsl.raft.QemuTarget;
import org.raftforge.dsl.raft.RaftSettings;
import org.raftforge.dsl.raft.UdpTransport;
import org.raftforge.dsl.raft.Variant;

/**
 * Every sizing formula of RaftForge in one place: validation quotes these numbers and
 * the generator sizes the runtime's buffers with them. The wire and command overheads
 * are the C runtime's own worst cases (runtime/include/raft/raft_config.h, raft_kv.h,
 * raft_transport.h); the generator's tests compile a program against a generated
 * configuration and compare the runtime's macros with these numbers. The memory a node
 * allocates, structure by structure, is {@link NodeMemory}'s.
 */
public final class ResourceEstimator {

	private ResourceEstimator() {
	}

	// ------------------------------------------------------------------ runtime limits

	/** Voters plus learners a node table can hold (RAFT_MAX_NODES upper bound). */
	public static final int MAX_NODES = 32;
	/** RAFT_LOG_CAPACITY range (raft_config.h): the slot ring's 16-bit head and count. */
	public static final int MIN_LOG_ENTRIES = 8;
	public static final int MAX_LOG_ENTRIES = 65535;
	/** RAFT_MAX_ENTRY_SIZE range (raft_config.h): 14-bit entry lengths in the log. */
	public static final int MIN_ENTRY_SIZE = 16;
	public static final int MAX_ENTRY_SIZE = 16383;
	/** RAFT_LOG_ARENA_SIZE upper bound (raft_config.h): 30-bit ring positions, 1 GiB. */
	public static final long MAX_LOG_ARENA_BYTES = 1L << 30;
	/** The arena holds a quarter of the log's worst case (raft_config.h's default)... */
	public static final int LOG_ARENA_SHARE = 4;
	/** ...but at least four full-size entries (raft_config.h's lower bound). */
	public static final int MIN_LOG_ARENA_ENTRIES = 4;

	// ------------------------------------------------------------------ wire format

	/**
	 * Frame around every message: version, length and CRC-32C take at most 10 B; the runtime
	 * reserves 16 (the 16 in raft_config.h's RAFT_MAX_BATCH and RAFT_SNAPSHOT_CHUNK).
	 */
	public static final int FRAME_OVERHEAD_BYTES = 16;
	/**
	 * Fixed part of the largest message header (type, ids, term, indices, commit, read
	 * sequence, timestamps as varints at their widest); RAFT_MESSAGE_HEADER_MAX is this plus
	 * {@link #MESSAGE_HEADER_PER_NODE_BYTES} per node of the table (a membership travels along).
	 */
	public static final int MESSAGE_HEADER_BYTES = 64;
	/** Each node of the table adds its id varint and role to the worst-case header. */
	public static final int MESSAGE_HEADER_PER_NODE_BYTES = 4;
	/** Each entry on the wire besides its payload: term, type, length (RAFT_ENTRY_OVERHEAD_MAX). */
	public static final int ENTRY_WIRE_OVERHEAD_BYTES = 10;
	/** One UDP datagram over lwIP on Ethernet: no IP fragmentation, so 1500 - 20 (IP) - 8 (UDP). */
	public static final int LWIP_MAX_DATAGRAM_BYTES = 1472;
	/** The largest UDP payload the host's IPv4 stack carries (loopback: 65535 - 20 - 8). */
	public static final int HOST_MAX_DATAGRAM_BYTES = 65507;
	/** A channel message's ring header: sender and length, u32 each (RAFT_CHANNEL_MSG_OVERHEAD). */
	public static final int CHANNEL_MESSAGE_OVERHEAD_BYTES = 8;

	// ------------------------------------------------------------------ state machine

	/**
	 * A key-value command around its key and value: op, client id and sequence number
	 * varints, two length varints, at their widest (RAFT_KV_COMMAND_MAX = 31 + key + value).
	 */
	public static final int COMMAND_OVERHEAD_BYTES = 31;
	/** Longest key the generator gives the key-value table unless the workload needs more. */
	public static final int KV_DEFAULT_MAX_KEY_BYTES = 64;
	/** Keys the demo key-value table holds per node (the generator emits it as RAFT_KV_MAX_KEYS). */
	public static final int KV_MAX_KEYS = 32;
	/** Longest key the runtime takes at all: a request in flight keeps its key behind a u8 length (raft_server.h). */
	public static final int MAX_KEY_BYTES = 255;
	/** RAFT_MAX_SESSIONS: client sessions the key-value table remembers (runtime default, not in the model). */
	public static final int MAX_SESSIONS = 32;
	/** RAFT_MAX_PENDING: client requests in flight per node (runtime default, not in the model). */
	public static final int MAX_PENDING = 16;

	// ------------------------------------------------------------------ control protocol (raft_control.h)

	/** RAFT_CONTROL_REQUEST_MAX without its key and value tokens: prefix 12, tag 16, verb, client and sequence. */
	public static final int CONTROL_REQUEST_FIXED_BYTES = 12 + 16 + 1 + 8 + 2 * 21 + 1 + 1 + 1 + 2;
	/** RAFT_CONTROL_STATUS_MAX: prefix 12, tag 16, 200 B of fields, then 22 B per node. */
	public static final int CONTROL_STATUS_FIXED_BYTES = 12 + 16 + 200;
	public static final int CONTROL_STATUS_PER_NODE_BYTES = 22;

	// ------------------------------------------------------------------ formulas

	/**
	 * RAFT_LOG_ARENA_SIZE: payload bytes of the in-memory log, a quarter of max-log-entries full-size entries (typical
	 * commands are far smaller than max-entry-size), at least {@link #MIN_LOG_ARENA_ENTRIES} of them. Not capped:
	 * above {@link #MAX_LOG_ARENA_BYTES} it is a validation error.
	 */
	public static long logArenaBytes(RaftSettings raft) {
		long entry = raft.getMaxEntrySize();
		return Math.max(MIN_LOG_ARENA_ENTRIES * entry, (long) raft.getMaxLogEntries() * entry / LOG_ARENA_SHARE);
	}

	/** Worst-case message header for a table of {@code nodes} nodes (RAFT_MESSAGE_HEADER_MAX). */
	public static long messageHeaderBytes(int nodes) {
		return MESSAGE_HEADER_BYTES + (long) MESSAGE_HEADER_PER_NODE_BYTES * nodes;
	}

	/** The header of the cluster {@code raft} belongs to. */
	public static long messageHeaderBytes(RaftSettings raft) {
		return messageHeaderBytes(nodeCount(raft));
	}

	/** The largest frame the settings allow: an AppendEntries carrying one entry of max-entry-size. */
	public static long largestFrameBytes(RaftSettings raft) {
		return FRAME_OVERHEAD_BYTES + messageHeaderBytes(raft) + ENTRY_WIRE_OVERHEAD_BYTES + raft.getMaxEntrySize();
	}

	/**
	 * Entries one AppendEntries can carry in a frame of {@code frameBytes} (the runtime's
	 * RAFT_MAX_BATCH formula); at least 1.
	 */
	public static long maxBatchEntries(long frameBytes, RaftSettings raft) {
		long room = frameBytes - FRAME_OVERHEAD_BYTES - messageHeaderBytes(raft);
		return Math.max(1, room / (ENTRY_WIRE_OVERHEAD_BYTES + raft.getMaxEntrySize()));
	}

	/** Snapshot bytes per InstallSnapshot chunk: what a frame has left after a header (RAFT_SNAPSHOT_CHUNK). */
	public static long snapshotChunkBytes(long frameBytes, RaftSettings raft) {
		return frameBytes - FRAME_OVERHEAD_BYTES - messageHeaderBytes(raft);
	}

	/**
	 * RAFT_MAX_FRAME_SIZE of a variant. UDP: the receive buffer, but never more than one
	 * datagram can carry (lwIP on a QEMU target has no IP fragmentation: 1472 B; the host
	 * stack: 65507 B). Channel: one Ethernet-sized frame (as the seed), more when a single
	 * entry needs it.
	 */
	public static long maxFrameBytes(Variant variant, RaftSettings raft) {
		if (variant.getTransport() instanceof UdpTransport udp) {
			long datagram = variant.getTarget() instanceof QemuTarget ? LWIP_MAX_DATAGRAM_BYTES : HOST_MAX_DATAGRAM_BYTES;
			return Math.min(udp.getReceiveBuffer(), datagram);
		}
		return channelFrameBytes(raft);
	}

	/** RAFT_MAX_FRAME_SIZE of a channel: one Ethernet-sized frame, or one largest message when larger. */
	public static long channelFrameBytes(RaftSettings raft) {
		return Math.min(HOST_MAX_DATAGRAM_BYTES, Math.max(LWIP_MAX_DATAGRAM_BYTES, largestFrameBytes(raft)));
	}

	/**
	 * Bytes of one node's channel ring holding {@code messages} frames of {@code frameBytes}
	 * (RAFT_CHANNEL_RING_BYTES_FOR): never less than one largest frame.
	 */
	public static long channelRingBytes(long messages, long frameBytes) {
		long slot = frameBytes + CHANNEL_MESSAGE_OVERHEAD_BYTES;
		return Math.max(messages * slot, slot);
	}

	/** The channel's capacity (messages, whole channel) shared out per receiving node, rounded up. */
	public static long channelMessagesPerNode(ChannelTransport channel, int nodes) {
		return nodes <= 0 ? channel.getCapacity() : (channel.getCapacity() + nodes - 1L) / nodes;
	}

	/**
	 * Longest key of the key-value table (RAFT_KV_MAX_KEY_LEN): a quarter of what an entry
	 * leaves after the command header, at most {@link #KV_DEFAULT_MAX_KEY_BYTES}, at least 1.
	 */
	public static long kvMaxKeyBytes(RaftSettings raft) {
		long room = raft.getMaxEntrySize() - COMMAND_OVERHEAD_BYTES;
		return Math.max(1, Math.min(KV_DEFAULT_MAX_KEY_BYTES, room / 4));
	}

	/**
	 * RAFT_KV_MAX_KEY_LEN the generator emits for the cluster: {@link #kvMaxKeyBytes(RaftSettings)}, raised to the
	 * workload's longest key, at most {@link #MAX_KEY_BYTES} and at most what an entry holds beside the command header.
	 */
	public static long kvKeyBytes(Cluster cluster) {
		RaftSettings raft = cluster.getRaft();
		long wanted = Math.max(kvMaxKeyBytes(raft), longestWorkloadKeyBytes(cluster));
		return Math.max(1, Math.min(wanted, longestKeyAllowed(raft)));
	}

	/** The longest key the runtime can be built for: a u8 length, and a put with an empty value must fit an entry. */
	public static long longestKeyAllowed(RaftSettings raft) {
		return Math.min(MAX_KEY_BYTES, raft.getMaxEntrySize() - COMMAND_OVERHEAD_BYTES);
	}

	/** RAFT_KV_MAX_VALUE_LEN the generator emits for the cluster: what an entry leaves beside the longest key. */
	public static long kvValueBytes(Cluster cluster) {
		return kvMaxValueBytes(cluster.getRaft(), kvKeyBytes(cluster));
	}

	/** The workload's longest key in UTF-8 bytes (0 without a workload). */
	public static long longestWorkloadKeyBytes(Cluster cluster) {
		if (cluster.getWorkload() == null) {
			return 0;
		}
		return cluster.getWorkload().getSteps().stream().mapToLong(step -> utf8Length(step.getKey())).max().orElse(0);
	}

	/** Longest value once the key has its share (RAFT_KV_MAX_VALUE_LEN): the command must fit one entry. */
	public static long kvMaxValueBytes(RaftSettings raft, long maxKeyBytes) {
		return Math.max(0, raft.getMaxEntrySize() - COMMAND_OVERHEAD_BYTES - maxKeyBytes);
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

	/**
	 * RAFT_CONTROL_LINE_MAX the generated configuration leads to: the longest request (every key and value byte
	 * escaped as three) or the longest status line (every node listed), whichever is longer.
	 */
	public static long controlLineBytes(Cluster cluster) {
		long request = CONTROL_REQUEST_FIXED_BYTES + 3 * kvKeyBytes(cluster) + 3 * kvValueBytes(cluster);
		long status = CONTROL_STATUS_FIXED_BYTES + (long) CONTROL_STATUS_PER_NODE_BYTES * cluster.getNodes().size();
		return Math.max(request, status);
	}

	/**
	 * The RAM the generated code of {@code variant} allocates, term by term ({@link NodeMemory}): what a node
	 * needs, and what its image needs when a channel puts every node in one.
	 */
	public static MemoryEstimate estimate(Cluster cluster, Variant variant) {
		return NodeMemory.of(cluster, variant);
	}

	/** Nodes that share one image's RAM: all of them on a channel, else one. */
	public static int nodesPerImage(Cluster cluster, Variant variant) {
		return variant.getTransport() instanceof ChannelTransport ? cluster.getNodes().size() : 1;
	}

	private static int nodeCount(RaftSettings raft) {
		return raft.eContainer() instanceof Cluster cluster ? cluster.getNodes().size() : 0;
	}

	/** Bytes of a model string as the launcher sends it (UTF-8). */
	public static long utf8Length(String text) {
		return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
	}
}
