package org.raftforge.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.raftforge.dsl.model.Nodes;
import org.raftforge.dsl.model.Variants;
import org.raftforge.dsl.raft.Cluster;
import org.raftforge.dsl.sizing.MemoryEstimate;
import org.raftforge.dsl.sizing.ResourceEstimator;

import com.google.inject.Inject;

/** The sizing formulas on the base model; expected values worked out by hand (see ResourcesValidationTest). */
@ExtendWith(InjectionExtension.class)
@InjectWith(RaftInjectorProvider.class)
class ResourceEstimatorTest {

	@Inject
	private ModelChecker checker;

	@Test
	void seedSizes() {
		Cluster cluster = checker.parse(Models.BASE);
		// RAFT_LOG_ARENA_SIZE: a quarter of 256 full-size entries of 128 B
		assertEquals(8192, ResourceEstimator.logArenaBytes(cluster.getRaft()));
		// RAFT_CONTROL_LINE_MAX: a request with key 24 and value 73 bytes, each escaped as three: 84 + 72 + 219
		assertEquals(375, ResourceEstimator.controlLineBytes(cluster));
		// frame 16 + header (64 + 4 x 5 nodes) + entry 10 + 128 (the C runtime's RAFT_MESSAGE_HEADER_MAX etc.)
		assertEquals(84, ResourceEstimator.messageHeaderBytes(cluster.getRaft()));
		assertEquals(238, ResourceEstimator.largestFrameBytes(cluster.getRaft()));
		// (4096 - 16 - 84) / (10 + 128) = 28 entries per AppendEntries
		assertEquals(28, ResourceEstimator.maxBatchEntries(4096, cluster.getRaft()));
		assertEquals(4096 - 16 - 84, ResourceEstimator.snapshotChunkBytes(4096, cluster.getRaft()));
		assertEquals(8, ResourceEstimator.messagesPerBroadcastRound(5));
		// RAFT_KV_COMMAND_MAX: 31 B of header + key + value
		assertEquals(41, ResourceEstimator.commandBytes("key1", "value1"));
		// UTF-8 bytes, not characters
		assertEquals(31 + 1 + 2, ResourceEstimator.commandBytes("k", "é"));
		// keys get a quarter of what an entry leaves after the header: (128 - 31) / 4 = 24; values the rest
		assertEquals(24, ResourceEstimator.kvMaxKeyBytes(cluster.getRaft()));
		assertEquals(128 - 31 - 24, ResourceEstimator.kvMaxValueBytes(cluster.getRaft(), 24));
	}

	@Test
	void perVariantEstimates() {
		Cluster cluster = checker.parse(Models.BASE);
		MemoryEstimate qemuUdp = ResourceEstimator.estimate(cluster, Variants.named(cluster, "semihosting_udp").get());
		// the board (ILP32): the core's log, its other state, the server's buffers, the key-value table, the file
		// storage, the UDP transport, lwIP's pools, the console and board state, the stack (ResourcesValidationTest
		// works each term out)
		assertEquals(new MemoryEstimate(10264, 2090, 6258, 4448, 2434, 252, 6208, 2328, 16384, 1), qemuUdp);
		assertEquals(50666, qemuUdp.total());
		assertEquals(qemuUdp.total(), qemuUdp.image());
		assertEquals(1472, ResourceEstimator.maxFrameBytes(Variants.named(cluster, "semihosting_udp").get(),
				cluster.getRaft()));
		assertEquals(4096, ResourceEstimator.maxFrameBytes(Variants.named(cluster, "native_udp").get(),
				cluster.getRaft()));

		MemoryEstimate channel = ResourceEstimator.estimate(cluster, Variants.named(cluster, "memory_channel").get());
		// channel: 32 messages / 5 nodes = 7 per ring, each an Ethernet-sized frame + 8 B ring header, plus the
		// ring's head and used, the hub's id and endpoint, struct raft_channel and the image's pointer to the node
		assertEquals(1472, ResourceEstimator.channelFrameBytes(cluster.getRaft()));
		assertEquals(7 * (1472 + 8) + 8 + 4 + 4 + 28 + 4 + 4, channel.transport());
		assertEquals(0, channel.networkStack());
		// firmware memory storage keeps one image of terms (RAFT_MEM_STORAGE_KEEPS_LOG 0)
		assertEquals(24 + 96 + 256 * 8 + 96 + 2 * 4451 + 40, channel.storage());
		assertEquals(5, channel.nodesPerImage());
		assertEquals(5 * channel.perNode() + 2328 + 16384, channel.image());
		assertEquals(channel.perNode() + (2328 + 16384 + 4) / 5, channel.total());
		assertEquals(5, ResourceEstimator.nodesPerImage(cluster, Variants.named(cluster, "memory_channel").get()));
		assertEquals(1, ResourceEstimator.nodesPerImage(cluster, Variants.named(cluster, "native_udp").get()));

		MemoryEstimate host = ResourceEstimator.estimate(cluster, Variants.named(cluster, "native_udp").get());
		// the host (LP64): no lwIP (the kernel's sockets); wider messages and entry views; the file storage's
		// 16 KiB write buffer; the native node's 64 KiB output buffer and the executable's own data
		assertEquals(0, host.networkStack());
		assertEquals(2434 + 14 * 4 + 16384, host.storage());
		assertEquals(128 + 4 * 5 + 376 + 65536 + 2048, host.port());
		assertEquals(134878, host.total());
	}

	@Test
	void theNativeMemoryStorageKeepsTwoImagesOfWholeEntries() {
		String text = Models.edit(Models.base("storage file hostdisk { directory \"data\" }", "storage memory hostmem"),
				"storage hostdisk transport ethernet target host", "storage hostmem transport ethernet target host");
		Cluster cluster = checker.parse(text);
		MemoryEstimate host = ResourceEstimator.estimate(cluster, Variants.named(cluster, "native_udp").get());
		// RAFT_MEM_STORAGE_KEEPS_LOG 1: two images of 256 entries of align8(8 + 4 + 1 + 128) = 144 B
		assertEquals(2 * (24 + 96 + 256 * 144) + 96 + 2 * 4451 + 40, host.storage());
	}

	@Test
	void variantSelectionAndNodeIds() {
		Cluster cluster = checker.parse(Models.BASE);
		assertEquals("semihosting_udp", Variants.select(cluster, null).getName());
		assertEquals("native_udp", Variants.select(cluster, "native_udp").getName());
		IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
				() -> Variants.select(cluster, "nope"));
		assertEquals("cluster base has no variant 'nope'; its variants are: memory_channel, semihosting_udp, native_udp",
				unknown.getMessage());
		assertEquals(3, Nodes.effectiveId(cluster.getNodes().get(2)));
		Cluster explicit = checker.parse(Models.base("10.0.0.3:9003", "10.0.0.3:9003 id 42"));
		assertEquals(42, Nodes.effectiveId(explicit.getNodes().get(2)));
	}
}
