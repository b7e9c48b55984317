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
		assertEquals(144, ResourceEstimator.entryBytes(cluster.getRaft()));
		assertEquals(36864, ResourceEstimator.logBytes(cluster.getRaft()));
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
		// UDP: receive buffer 4096 + 16 queued frames of 238 B
		assertEquals(new MemoryEstimate(36864, 7904, 16384, 12288, 672, 4096), qemuUdp);
		assertEquals(78208, qemuUdp.total());
		assertEquals(1472, ResourceEstimator.maxFrameBytes(Variants.named(cluster, "semihosting_udp").get(),
				cluster.getRaft()));
		assertEquals(4096, ResourceEstimator.maxFrameBytes(Variants.named(cluster, "native_udp").get(),
				cluster.getRaft()));
		MemoryEstimate channel = ResourceEstimator.estimate(cluster, Variants.named(cluster, "memory_channel").get());
		// channel: 32 messages / 5 nodes = 7 per ring, each an Ethernet-sized frame + 8 B ring header
		assertEquals(1472, ResourceEstimator.channelFrameBytes(cluster.getRaft()));
		assertEquals(7 * (1472 + 8), channel.transport());
		assertEquals(0, channel.networkStack());
		assertEquals(5, ResourceEstimator.nodesPerImage(cluster, Variants.named(cluster, "memory_channel").get()));
		assertEquals(1, ResourceEstimator.nodesPerImage(cluster, Variants.named(cluster, "native_udp").get()));
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
