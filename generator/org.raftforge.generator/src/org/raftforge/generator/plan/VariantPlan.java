package org.raftforge.generator.plan;

import java.util.List;

import org.raftforge.dsl.sizing.MemoryEstimate;

/**
 * Everything the templates need to know about one variant, resolved from the model: plain values, numeric ids,
 * addresses, timing in milliseconds, sized capacities and the chosen backends. Templates read only this, never the
 * model.
 *
 * @param modelFileName  the model file's name (no directories: output does not depend on where it was generated)
 * @param clusterName    the cluster's name
 * @param variantName    the variant's name
 * @param modelTarget    what the model's variant runs on
 * @param board          the QEMU board for QEMU variants, else null
 * @param targetName     the target's name in the model
 * @param storage        the storage backend
 * @param transport      the transport backend
 * @param timing         Raft timing and options
 * @param capacities     the runtime's capacity macros
 * @param nodes          the node table, in model order
 * @param workload       the model's workload steps, in order
 * @param memoryEstimate the DSL's estimate of one node's RAM, for the README
 * @param firmware       the firmware's memory layout and lwIP sizes for QEMU variants, else null
 */
public record VariantPlan(String modelFileName, String clusterName, String variantName, TargetKind modelTarget,
		QemuBoard board, String targetName, StoragePlan storage, TransportPlan transport, Timing timing,
		Capacities capacities, List<PlannedNode> nodes, List<WorkloadStep> workload, MemoryEstimate memoryEstimate,
		FirmwarePlan firmware) {

	/** The board of a QEMU target, as the model says. */
	public record QemuBoard(String machine, String cpu, long flashBytes, long ramBytes) {
	}

	/** "cluster/variant", for messages and headers. */
	public String qualifiedName() {
		return clusterName + "/" + variantName;
	}

	/** Processes a native run starts: one per node on UDP, one for all on a channel. */
	public boolean allNodesInOneProcess() {
		return transport.isChannel();
	}

	public int nodeCount() {
		return nodes.size();
	}
}
