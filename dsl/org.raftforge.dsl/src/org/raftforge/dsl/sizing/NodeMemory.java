package org.raftforge.dsl.sizing;

import org.raftforge.dsl.raft.ChannelTransport;
import org.raftforge.dsl.raft.Cluster;
import org.raftforge.dsl.raft.MemoryStorage;
import org.raftforge.dsl.raft.QemuTarget;
import org.raftforge.dsl.raft.RaftSettings;
import org.raftforge.dsl.raft.UdpTransport;
import org.raftforge.dsl.raft.Variant;

/**
 * What a generated node allocates, structure by structure: each method mirrors one C structure of the runtime
 * (runtime/include/raft/*.h) or of a port (runtime/ports/mps2, runtime/ports/posix) at the capacities the generator
 * emits into cluster_config.h and lwipopts.h. Arrays are counted exactly; each structure's scalars are a fixed
 * allowance measured with arm-none-eabi-gcc and x86-64 gcc and rounded up, so the estimate stays at or a little above
 * what the linker places. QemuFirmwareTest builds every QEMU variant of the examples and holds the estimate to
 * arm-none-eabi-size.
 */
final class NodeMemory {

	private NodeMemory() {
	}

	// ------------------------------------------------------------------ runtime defaults the generator keeps

	/** RAFT_MAX_INFLIGHT (raft_config.h default): appends in flight per follower. */
	static final int MAX_INFLIGHT = 4;

	// ------------------------------------------------------------------ raft_core.h

	/** struct raft_log before its arrays: snap_index, snap_term, head, count, end (8-aligned). */
	static final int LOG_HEADER_BYTES = 24;
	/** struct raft_log_slot: term and ring position with type. */
	static final int LOG_SLOT_BYTES = 8;
	/** struct raft_progress without its inflight ring: match, next, offsets, flags (8-aligned). */
	static final int PROGRESS_FIXED_BYTES = 40;
	/** struct raft_pending_read (16) and struct raft_read_state (24): one of each per RAFT_MAX_PENDING. */
	static final int READ_QUEUE_ENTRY_BYTES = 16 + 24;
	/** struct raft_message: type, from, to, term, then the 8-aligned union. */
	static final int MESSAGE_HEADER_BYTES = 16;
	/** struct raft_core's scalars: options, terms, indices, deadlines, transfer, incoming chunk (measured 238/254). */
	static final int CORE_FIXED_BYTES = 256;

	// ------------------------------------------------------------------ raft_kv.h

	/** struct raft_kv_slot's key_len and value_len (u16 each). */
	static final int KV_SLOT_LENGTHS_BYTES = 4;
	/** Each slot's entries in order[] and free_slots[] (u16 each). */
	static final int KV_SLOT_INDEX_BYTES = 4;
	/** struct raft_kv_session: client id, last sequence, last use (u64 each), status. */
	static final int KV_SESSION_BYTES = 32;
	/** struct raft_kv's counters and applied clock (measured 24 with padding). */
	static final int KV_FIXED_BYTES = 32;

	// ------------------------------------------------------------------ raft_server.h

	/** struct raft_pending before its key: state, verb, origin, references, index, term, deadline, tag, key_len. */
	static final int PENDING_REQUEST_FIXED_BYTES = 50;
	/** struct raft_server's scalars: options, backends' ops and self pointers, counters (measured 154/198). */
	static final int SERVER_FIXED_BYTES = 112;
	static final int SERVER_FIXED_POINTERS = 11;

	// ------------------------------------------------------------------ raft_storage.h

	/** struct raft_snapshot_meta before its membership: index, term (u64), conf_len, data_len, data_crc (u32). */
	static final int SNAPSHOT_META_FIXED_BYTES = 28;
	/** RAFT_STORAGE_CONF_MAX = 8 + 12 per node. */
	static final int STORAGE_CONF_FIXED_BYTES = 8;
	static final int STORAGE_CONF_PER_NODE_BYTES = 12;
	/** struct raft_mem_image before its snapshot meta and log: term, vote, last_index. */
	static final int MEM_IMAGE_FIXED_BYTES = 24;
	/** struct raft_mem_entry with RAFT_MEM_STORAGE_KEEPS_LOG 1: term, len, type (payload added). */
	static final int MEM_ENTRY_KEPT_FIXED_BYTES = 8 + 4 + 1;
	/** struct raft_mem_entry with RAFT_MEM_STORAGE_KEEPS_LOG 0 (firmware): only the term. */
	static final int MEM_ENTRY_TERM_BYTES = 8;
	/** struct raft_mem_storage's scalars: dirty_from, staging state, load cursor, counters (measured 34). */
	static final int MEM_STORAGE_FIXED_BYTES = 40;
	/** struct raft_file_storage: four file names of RAFT_FILE_NAME_MAX (48). */
	static final int FILE_NAMES_BYTES = 4 * 48;
	/** RAFT_FILE_CHECKPOINTS (32) struct raft_file_checkpoint of 16 B. */
	static final int FILE_CHECKPOINTS_BYTES = 32 * 16;
	/** RAFT_FILE_READ_BUFFER. */
	static final int FILE_READ_BUFFER_BYTES = 1024;
	/** RAFT_FILE_WRITE_BUFFER: 16 KiB in the native Makefile (NATIVE_RUNTIME_FLAGS), 0 on boards. */
	static final int FILE_WRITE_BUFFER_NATIVE_BYTES = 16 * 1024;
	/** RAFT_FILE_RECORD_MAX's parts: record header 9, entry header 21; a metadata record is 64 + conf. */
	static final int FILE_RECORD_HEADER_BYTES = 9;
	static final int FILE_ENTRY_HEADER_BYTES = 21;
	static final int FILE_META_RECORD_BYTES = 64;
	/** struct raft_file_storage's scalars, file ops table and fault record (measured 354/410). */
	static final int FILE_STORAGE_FIXED_BYTES = 300;
	static final int FILE_STORAGE_FIXED_POINTERS = 14;
	/** RAFT_KV_SNAPSHOT_MAX_SIZE's parts: version and header 31 + 4, a session record 31, a key record 10 + data. */
	static final int KV_SNAPSHOT_FIXED_BYTES = 1 + 30 + 4;
	static final int KV_SNAPSHOT_SESSION_BYTES = 31;
	static final int KV_SNAPSHOT_KEY_OVERHEAD_BYTES = 10;

	// ------------------------------------------------------------------ transports

	/** struct raft_channel_ring's head and used. */
	static final int CHANNEL_RING_HEADER_BYTES = 8;
	/** struct raft_channel (stats, counters; its hub pointer counted apart). */
	static final int CHANNEL_ENDPOINT_BYTES = 28;
	/** struct mps2_udp_transport's pointers, ids, queue indices and stats (44 B on the board). */
	static final int MPS2_UDP_FIXED_BYTES = 44;
	/** struct mps2_udp_peer: id, IPv4, port, MAC. */
	static final int MPS2_UDP_PEER_BYTES = 16;
	/** struct mps2_udp_queued: pbuf pointer and sender. */
	static final int MPS2_UDP_QUEUED_BYTES = 8;
	/** struct raft_udp_posix: descriptor, id, counters (peers apart). */
	static final int POSIX_UDP_FIXED_BYTES = 40;
	/** struct raft_udp_peer: id, IPv4, port. */
	static final int POSIX_UDP_PEER_BYTES = 12;

	// ------------------------------------------------------------------ lwIP (runtime/ports/mps2/lwip/lwipopts.h)

	/** lwIP's struct pbuf in front of every pool buffer (MEM_ALIGNMENT 4). */
	static final int LWIP_PBUF_BYTES = 16;
	/** Every memp pool's array is padded by MEM_ALIGNMENT - 1. */
	static final int LWIP_POOL_PADDING_BYTES = 3;
	/** RAFTFORGE_NET_FRAME_BYTES - RAFTFORGE_NET_MAX_DATAGRAM: pad 2, Ethernet 14, IPv4 20, UDP 8. */
	static final int LWIP_FRAME_HEADERS_BYTES = 2 + 14 + 20 + 8;
	/** The pbuf pool's pieces are never smaller (lwipopts.h's lower bound). */
	static final int LWIP_MIN_POOL_PIECE_BYTES = 64;
	/** RAFTFORGE_NET_TX_BLOCK_BYTES - datagram: pbuf 16, link 20, IPv4 20, Ethernet 14, pad 2. */
	static final int LWIP_TX_BLOCK_HEADERS_BYTES = 16 + 20 + 20 + 14 + 2;
	/** struct memp_malloc_helper in front of each TX block. */
	static final int LWIP_TX_BLOCK_HELPER_BYTES = 4;
	/** RAFTFORGE_NET_TX_QUEUE as the generator emits it. */
	static final int LWIP_TX_QUEUE = 1;
	/** MEMP_NUM_PBUF (2 reference pbufs) and MEMP_NUM_UDP_PCB (1 of 32 B). */
	static final int LWIP_REF_PBUFS_BYTES = 2 * 16 + 3;
	static final int LWIP_UDP_PCB_BYTES = 32 + 3;
	/** lwIP's globals: pool tables, default netif, ip_data, ip_id, the UDP PCB list and port (measured 56). */
	static final int LWIP_GLOBALS_BYTES = 64;
	/** struct mps2_net: the netif and the LAN9118 driver's state (neighbours apart). */
	static final int MPS2_NET_FIXED_BYTES = 120;
	/** struct mps2_net_neighbour: IPv4 and MAC (no ARP: the model names every peer's MAC). */
	static final int MPS2_NET_NEIGHBOUR_BYTES = 12;

	// ------------------------------------------------------------------ ports (once per image)

	/** struct mps2_uart: receive ring 128, transmit ring 512, indices and flags; its line apart. */
	static final int MPS2_UART_FIXED_BYTES = 672;
	/**
	 * The rest of a firmware image: struct mps2_commit_probe (552), mps2_fault_stack (384), the board, clock and
	 * semihosting file table (about 100), and the linker's alignment between sections.
	 */
	static final int MPS2_IMAGE_FIXED_BYTES = 1280;
	/** RAFT_POSIX_NODE_OUTPUT_BUFFER: the native node's buffered output. */
	static final int POSIX_NODE_OUTPUT_BYTES = 64 * 1024;
	/** struct raft_posix_node's descriptors and flags (its input line and output apart). */
	static final int POSIX_NODE_FIXED_BYTES = 128;
	/** The native executable's own data: relocated constant tables, GOT, dynamic section (measured 1.4 KiB). */
	static final int POSIX_PROCESS_DATA_BYTES = 2048;

	// ------------------------------------------------------------------ the estimate

	static MemoryEstimate of(Cluster cluster, Variant variant) {
		RaftSettings raft = cluster.getRaft();
		int nodes = cluster.getNodes().size();
		boolean board = variant.getTarget() instanceof QemuTarget;
		int pointer = board ? 4 : 8; // the board is ILP32, the host LP64
		long keyBytes = ResourceEstimator.kvKeyBytes(cluster);
		long valueBytes = ResourceEstimator.kvValueBytes(cluster);
		long frame = ResourceEstimator.maxFrameBytes(variant, raft);
		long line = ResourceEstimator.controlLineBytes(cluster);
		long stack = cluster.getMemory() == null ? 0 : cluster.getMemory().getStack();
		return new MemoryEstimate(
				raftLog(raft),
				raftCore(nodes, pointer),
				raftServer(raft, nodes, keyBytes, frame, line, pointer),
				raftKv(keyBytes, valueBytes),
				storage(variant, raft, nodes, keyBytes, valueBytes, board, pointer),
				transport(variant, raft, nodes, frame, pointer),
				board && variant.getTransport() instanceof UdpTransport udp ? lwip(udp, nodes, frame) : 0,
				board ? mps2Port(line) : posixPort(nodes, line),
				stack,
				ResourceEstimator.nodesPerImage(cluster, variant));
	}

	/** struct raft_log: RAFT_LOG_CAPACITY slots and RAFT_LOG_ARENA_SIZE payload bytes. */
	static long raftLog(RaftSettings raft) {
		return LOG_HEADER_BYTES + (long) LOG_SLOT_BYTES * raft.getMaxLogEntries() + ResourceEstimator.logArenaBytes(raft);
	}

	/**
	 * struct raft_core less its log: a raft_progress per node, three memberships, the read queues (RAFT_MAX_PENDING)
	 * and the outbox of RAFT_OUTBOX_CAPACITY = 2 x nodes + 2 messages.
	 */
	static long raftCore(int nodes, int pointer) {
		long progress = PROGRESS_FIXED_BYTES + 8L * MAX_INFLIGHT;
		long outbox = 2L * nodes + 2;
		return CORE_FIXED_BYTES + nodes * progress + 3 * membership(nodes)
				+ ResourceEstimator.MAX_PENDING * (long) READ_QUEUE_ENTRY_BYTES + outbox * message(nodes, pointer);
	}

	/** struct raft_membership: count, then id (u16) and role per member. */
	static long membership(int nodes) {
		return 2 + 4L * nodes;
	}

	/**
	 * struct raft_message: its largest union member is raft_snapshot_request (indices, a membership, offset, flags,
	 * data pointer) or raft_append_request (indices, sequence numbers, entries pointer).
	 */
	static long message(int nodes, int pointer) {
		long append = 32 + 2L * pointer;
		long snapshot = align(align(24 + 4L * nodes, pointer) + pointer, 8);
		return MESSAGE_HEADER_BYTES + Math.max(append, snapshot);
	}

	/** struct raft_kv: RAFT_KV_MAX_KEYS slots of key and value, RAFT_MAX_SESSIONS sessions. */
	static long raftKv(long keyBytes, long valueBytes) {
		long slot = align(KV_SLOT_LENGTHS_BYTES + keyBytes + valueBytes, 2) + KV_SLOT_INDEX_BYTES;
		return ResourceEstimator.KV_MAX_KEYS * slot + ResourceEstimator.MAX_SESSIONS * (long) KV_SESSION_BYTES
				+ KV_FIXED_BYTES;
	}

	/**
	 * struct raft_server less its core and key-value table: the bootstrap membership, RAFT_MAX_PENDING requests
	 * (each keeps its key), RAFT_MAX_BATCH entry views, the rx and tx frames (RAFT_MAX_FRAME_SIZE), one
	 * RAFT_SNAPSHOT_CHUNK and a control line (RAFT_CONTROL_LINE_MAX + 1).
	 */
	static long raftServer(RaftSettings raft, int nodes, long keyBytes, long frame, long line, int pointer) {
		long pending = align(PENDING_REQUEST_FIXED_BYTES + keyBytes, 8);
		long batch = Math.min(ResourceEstimator.maxBatchEntries(frame, raft), Math.max(1, raft.getMaxLogEntries()));
		long entryView = 8 + pointer;
		return SERVER_FIXED_BYTES + (long) SERVER_FIXED_POINTERS * pointer + membership(nodes)
				+ ResourceEstimator.MAX_PENDING * pending + batch * entryView + 2 * frame
				+ ResourceEstimator.snapshotChunkBytes(frame, raft) + line + 1;
	}

	/** The variant's storage backend: struct raft_mem_storage or struct raft_file_storage. */
	static long storage(Variant variant, RaftSettings raft, int nodes, long keyBytes, long valueBytes, boolean board,
			int pointer) {
		if (variant.getStorage() instanceof MemoryStorage) {
			return memStorage(raft, nodes, keyBytes, valueBytes, !board);
		}
		return fileStorage(raft, nodes, board ? 0 : FILE_WRITE_BUFFER_NATIVE_BYTES, pointer);
	}

	/**
	 * struct raft_mem_storage: a snapshot committed and one staged (RAFT_KV_SNAPSHOT_MAX_SIZE each) and its images
	 * of the log. RAFT_MEM_STORAGE_KEEPS_LOG 1 (native, the default) keeps two images of whole entries;
	 * 0 (firmware: the core holds the log) one image of terms.
	 */
	static long memStorage(RaftSettings raft, int nodes, long keyBytes, long valueBytes, boolean keepsLog) {
		long entry = keepsLog ? align(MEM_ENTRY_KEPT_FIXED_BYTES + raft.getMaxEntrySize(), 8) : MEM_ENTRY_TERM_BYTES;
		long images = keepsLog ? 2 : 1;
		long image = MEM_IMAGE_FIXED_BYTES + snapshotMeta(nodes) + raft.getMaxLogEntries() * entry;
		return images * image + snapshotMeta(nodes) + 2 * kvSnapshotBytes(keyBytes, valueBytes)
				+ MEM_STORAGE_FIXED_BYTES;
	}

	/** struct raft_snapshot_meta: fixed fields and RAFT_STORAGE_CONF_MAX bytes of membership. */
	static long snapshotMeta(int nodes) {
		return align(SNAPSHOT_META_FIXED_BYTES + STORAGE_CONF_FIXED_BYTES + (long) STORAGE_CONF_PER_NODE_BYTES * nodes,
				8);
	}

	/** RAFT_KV_SNAPSHOT_MAX_SIZE: every session and every key at its longest. */
	static long kvSnapshotBytes(long keyBytes, long valueBytes) {
		return KV_SNAPSHOT_FIXED_BYTES + ResourceEstimator.MAX_SESSIONS * (long) KV_SNAPSHOT_SESSION_BYTES
				+ ResourceEstimator.KV_MAX_KEYS * (KV_SNAPSHOT_KEY_OVERHEAD_BYTES + keyBytes + valueBytes);
	}

	/**
	 * struct raft_file_storage (file and semihosting storage): names, checkpoints, the read buffer, one record
	 * (RAFT_FILE_RECORD_MAX), two snapshot metas and RAFT_FILE_WRITE_BUFFER.
	 */
	static long fileStorage(RaftSettings raft, int nodes, long writeBuffer, int pointer) {
		long conf = STORAGE_CONF_FIXED_BYTES + (long) STORAGE_CONF_PER_NODE_BYTES * nodes;
		long record = FILE_RECORD_HEADER_BYTES + Math.max(FILE_ENTRY_HEADER_BYTES + raft.getMaxEntrySize(),
				FILE_META_RECORD_BYTES + conf);
		return FILE_STORAGE_FIXED_BYTES + (long) FILE_STORAGE_FIXED_POINTERS * pointer + FILE_NAMES_BYTES
				+ FILE_CHECKPOINTS_BYTES + FILE_READ_BUFFER_BYTES + record + 2 * snapshotMeta(nodes) + writeBuffer;
	}

	/**
	 * The transport's structures of one node. Channel: its ring in the hub (RAFT_CHANNEL_RING_BYTES), the hub's id and
	 * endpoint for it, struct raft_channel and the image's pointer to the node. UDP on the board: struct
	 * mps2_udp_transport (peers, queue of queue-depth received datagrams; lwIP's buffers are {@link #lwip}). UDP on the
	 * host: struct raft_udp_posix (the kernel holds the datagrams).
	 */
	static long transport(Variant variant, RaftSettings raft, int nodes, long frame, int pointer) {
		if (variant.getTransport() instanceof ChannelTransport channel) {
			long ring = ResourceEstimator.channelRingBytes(ResourceEstimator.channelMessagesPerNode(channel, nodes),
					frame);
			return ring + CHANNEL_RING_HEADER_BYTES + 4 + pointer + CHANNEL_ENDPOINT_BYTES + pointer + pointer;
		}
		if (variant.getTransport() instanceof UdpTransport udp) {
			if (variant.getTarget() instanceof QemuTarget) {
				return MPS2_UDP_FIXED_BYTES + (long) MPS2_UDP_PEER_BYTES * nodes
						+ (long) MPS2_UDP_QUEUED_BYTES * Math.max(1, udp.getQueueDepth());
			}
			return POSIX_UDP_FIXED_BYTES + (long) POSIX_UDP_PEER_BYTES * nodes;
		}
		return 0;
	}

	/**
	 * lwIP and its interface on the board (UDP only): the pbuf pool that holds receive-buffer in pieces of
	 * receive-buffer / queue-depth (PBUF_POOL_SIZE x PBUF_POOL_BUFSIZE), one TX block per RAFTFORGE_NET_TX_QUEUE,
	 * reference pbufs, the UDP PCB, lwIP's globals and struct mps2_net with a neighbour per peer.
	 */
	static long lwip(UdpTransport udp, int nodes, long datagram) {
		long wholeFrame = datagram + LWIP_FRAME_HEADERS_BYTES;
		long receive = Math.max(udp.getReceiveBuffer(), wholeFrame);
		long piece = lwipPoolPieceBytes(udp, datagram);
		long pieces = (receive + piece - 1) / piece;
		long pbufPool = pieces * (LWIP_PBUF_BYTES + piece) + LWIP_POOL_PADDING_BYTES;
		long txBlock = align(LWIP_TX_BLOCK_HEADERS_BYTES + align(datagram, 4) + LWIP_TX_BLOCK_HELPER_BYTES, 4);
		long txPool = LWIP_TX_QUEUE * txBlock + LWIP_POOL_PADDING_BYTES;
		long neighbours = (long) MPS2_NET_NEIGHBOUR_BYTES * Math.max(1, nodes - 1);
		return pbufPool + txPool + LWIP_REF_PBUFS_BYTES + LWIP_UDP_PCB_BYTES + LWIP_GLOBALS_BYTES
				+ MPS2_NET_FIXED_BYTES + neighbours;
	}

	/** RAFTFORGE_NET_POOL_BUFFER_BYTES: receive-buffer / queue-depth, at least 64, at most a whole frame, 4-aligned. */
	static long lwipPoolPieceBytes(UdpTransport udp, long datagram) {
		long wholeFrame = datagram + LWIP_FRAME_HEADERS_BYTES;
		long receive = Math.max(udp.getReceiveBuffer(), wholeFrame);
		long queue = Math.max(1, udp.getQueueDepth());
		return Math.max(LWIP_MIN_POOL_PIECE_BYTES, Math.min(wholeFrame, receive / queue)) & ~3L;
	}

	/** Once per firmware image: UART0's struct mps2_uart with its line (MPS2_UART_LINE_MAX + 1), probe, fault stack. */
	static long mps2Port(long line) {
		return align(MPS2_UART_FIXED_BYTES + line + 1, 8) + MPS2_IMAGE_FIXED_BYTES;
	}

	/** Once per native process: struct raft_posix_node (its input line and output buffer) and the executable's data. */
	static long posixPort(int nodes, long line) {
		return POSIX_NODE_FIXED_BYTES + 4L * nodes + line + 1 + POSIX_NODE_OUTPUT_BYTES + POSIX_PROCESS_DATA_BYTES;
	}

	private static long align(long bytes, long to) {
		return (bytes + to - 1) / to * to;
	}
}
