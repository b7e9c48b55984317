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
		assertEquals(180, ResourceEstimator.largestFrameBytes(cluster.getRaft()));
		// (4096 - 8 - 32) / (12 + 128) = 28 entries per AppendEntries
		assertEquals(28, ResourceEstimator.maxBatchEntries(4096, cluster.getRaft()));
		assertEquals(8, ResourceEstimator.messagesPerBroadcastRound(5));
		assertEquals(26, ResourceEstimator.commandBytes("key1", "value1"));
		// UTF-8 bytes, not characters
		assertEquals(16 + 1 + 2, ResourceEstimator.commandBytes("k", "é"));
	}

	@Test
	void perVariantEstimates() {
		Cluster cluster = checker.parse(Models.BASE);
		MemoryEstimate qemuUdp = ResourceEstimator.estimate(cluster, Variants.named(cluster, "semihosting_udp").get());
		assertEquals(new MemoryEstimate(36864, 6976, 16384, 12288, 672, 4096), qemuUdp);
		assertEquals(77280, qemuUdp.total());
		MemoryEstimate channel = ResourceEstimator.estimate(cluster, Variants.named(cluster, "memory_channel").get());
		assertEquals(1152, channel.transport());
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
