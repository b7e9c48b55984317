package org.raftforge.generator.plan;

import static org.raftforge.dsl.raft.RaftPackage.Literals.RAFT_SETTINGS__CHECK_QUORUM;
import static org.raftforge.dsl.raft.RaftPackage.Literals.RAFT_SETTINGS__ELECTION_TIMEOUT_MAX;
import static org.raftforge.dsl.raft.RaftPackage.Literals.RAFT_SETTINGS__LEASE;
import static org.raftforge.dsl.raft.RaftPackage.Literals.RAFT_SETTINGS__LOG_LEVEL;
import static org.raftforge.dsl.raft.RaftPackage.Literals.RAFT_SETTINGS__PRE_VOTE;

import java.util.ArrayList;
import java.util.List;

import org.raftforge.dsl.model.Nodes;
import org.raftforge.dsl.model.Presence;
import org.raftforge.dsl.net.Ipv4Address;
import org.raftforge.dsl.net.MacAddress;
import org.raftforge.dsl.raft.ChannelTransport;
import org.raftforge.dsl.raft.Cluster;
import org.raftforge.dsl.raft.Delete;
import org.raftforge.dsl.raft.FileStorage;
import org.raftforge.dsl.raft.Get;
import org.raftforge.dsl.raft.MemoryStorage;
import org.raftforge.dsl.raft.NativeTarget;
import org.raftforge.dsl.raft.Node;
import org.raftforge.dsl.raft.Put;
import org.raftforge.dsl.raft.QemuTarget;
import org.raftforge.dsl.raft.RaftSettings;
import org.raftforge.dsl.raft.SemihostingStorage;
import org.raftforge.dsl.raft.Step;
import org.raftforge.dsl.raft.Switch;
import org.raftforge.dsl.raft.UdpTransport;
import org.raftforge.dsl.raft.Variant;
import org.raftforge.dsl.sizing.ResourceEstimator;

/**
 * The model-to-model stage: resolves one variant of a validated model into a {@link VariantPlan} — numeric ids,
 * addresses, MACs, timing in ms, capacities sized by the DSL's ResourceEstimator, the chosen backends. Limits that
 * only the runtime or a target imposes, and that validation does not know, become {@link PlanProblem}s located at
 * the model element to change.
 */
public final class VariantPlanner {

	/** A launcher's bound for "no leader yet", in maximum election timeouts. */
	static final int LEADER_WAIT_ELECTIONS = 10;
	/** The runtime's request timeout, in maximum election timeouts (raft_server.c's default, written out). */
	static final int REQUEST_TIMEOUT_ELECTIONS = 4;
	private final CapacityPlanner capacityPlanner = new CapacityPlanner();
	private final FirmwarePlanner firmwarePlanner = new FirmwarePlanner();

	/**
	 * @param cluster       a model without validation errors
	 * @param variant       one of its variants
	 * @param modelFileName the model file's name, for headers and messages
	 */
	public PlanResult plan(Cluster cluster, Variant variant, String modelFileName) {
		List<PlanProblem> problems = new ArrayList<>();
		RaftSettings raft = cluster.getRaft();
		Timing timing = timing(raft, problems);
		List<WorkloadStep> workload = workload(cluster);
		Capacities capacities = capacityPlanner.capacities(cluster, variant, problems);
		StoragePlan storage = storage(variant);
		List<PlannedNode> nodes = nodes(cluster, storage);
		FirmwarePlan firmware = firmwarePlanner.plan(cluster, variant, capacities, problems);
		if (!problems.isEmpty()) {
			return PlanResult.failed(problems);
		}
		return PlanResult.of(new VariantPlan(modelFileName, cluster.getName(), variant.getName(), targetKind(variant),
				board(variant), variant.getTarget().getName(), storage, transport(variant), timing, capacities, nodes,
				workload, ResourceEstimator.estimate(cluster, variant), firmware));
	}

	// ---------------------------------------------------------------- backends

	static TargetKind targetKind(Variant variant) {
		if (variant.getTarget() instanceof QemuTarget) {
			return TargetKind.QEMU;
		}
		if (variant.getTarget() instanceof NativeTarget) {
			return TargetKind.NATIVE;
		}
		throw new IllegalStateException("unknown target kind " + variant.getTarget().eClass().getName());
	}

	private static VariantPlan.QemuBoard board(Variant variant) {
		if (variant.getTarget() instanceof QemuTarget qemu) {
			return new VariantPlan.QemuBoard(qemu.getMachine(), qemu.getCpu().getLiteral(), qemu.getFlash(),
					qemu.getRam());
		}
		return null;
	}

	private static StoragePlan storage(Variant variant) {
		if (variant.getStorage() instanceof MemoryStorage memory) {
			return new StoragePlan(StoragePlan.Kind.MEMORY, memory.getName(), ".");
		}
		if (variant.getStorage() instanceof FileStorage file) {
			return new StoragePlan(StoragePlan.Kind.FILE, file.getName(), file.getDirectory());
		}
		if (variant.getStorage() instanceof SemihostingStorage semihosting) {
			return new StoragePlan(StoragePlan.Kind.SEMIHOSTING, semihosting.getName(), semihosting.getDirectory());
		}
		throw new IllegalStateException("unknown storage kind " + variant.getStorage().eClass().getName());
	}

	private static TransportPlan transport(Variant variant) {
		if (variant.getTransport() instanceof UdpTransport udp) {
			return new TransportPlan(TransportPlan.Kind.UDP, udp.getName(), udp.getSubnet(), udp.getReceiveBuffer(),
					udp.getQueueDepth(), 0);
		}
		if (variant.getTransport() instanceof ChannelTransport channel) {
			return new TransportPlan(TransportPlan.Kind.CHANNEL, channel.getName(), null, 0, 0, channel.getCapacity());
		}
		throw new IllegalStateException("unknown transport kind " + variant.getTransport().eClass().getName());
	}

	// ---------------------------------------------------------------- timing

	private static Timing timing(RaftSettings raft, List<PlanProblem> problems) {
		long min = raft.getElectionTimeoutMin();
		long max = raft.getElectionTimeoutMax();
		long lease = Presence.isWritten(raft, RAFT_SETTINGS__LEASE) ? raft.getLease() : 0;
		boolean checkQuorum = !Presence.isWritten(raft, RAFT_SETTINGS__CHECK_QUORUM)
				|| raft.getCheckQuorum() == Switch.ON;
		boolean preVote = !Presence.isWritten(raft, RAFT_SETTINGS__PRE_VOTE) || raft.getPreVote() == Switch.ON;
		if (lease > 0 && !checkQuorum) {
			problems.add(new PlanProblem(raft, RAFT_SETTINGS__LEASE, "a leader lease needs check-quorum: without it "
					+ "a deposed leader would not notice and would serve stale reads; write `check-quorum on` or "
					+ "leave the `lease` line out"));
		}
		// raft_core_init: lease <= min - min/8, so 12.5 % clock drift cannot let two leases overlap
		long leaseLimit = min - min / 8;
		if (lease > leaseLimit) {
			problems.add(new PlanProblem(raft, RAFT_SETTINGS__LEASE, "lease " + lease + "ms is more than the runtime "
					+ "allows for a minimum election timeout of " + min + "ms: at most 7/8 of it (" + leaseLimit
					+ "ms), which tolerates 12.5 % clock drift; lower lease to at most " + leaseLimit + "ms"));
		}
		long requestTimeout = REQUEST_TIMEOUT_ELECTIONS * max;
		if (requestTimeout > 0xFFFF_FFFFL) {
			problems.add(new PlanProblem(raft, RAFT_SETTINGS__ELECTION_TIMEOUT_MAX, "election timeout " + max
					+ "ms is too long for the runtime's 32-bit millisecond timers; use at most "
					+ 0xFFFF_FFFFL / REQUEST_TIMEOUT_ELECTIONS + "ms"));
		}
		Timing.LogLevel level = Presence.isWritten(raft, RAFT_SETTINGS__LOG_LEVEL)
				? Timing.LogLevel.valueOf(raft.getLogLevel().getName())
				: Timing.LogLevel.NONE;
		return new Timing(min, max, raft.getHeartbeat(), lease, preVote, checkQuorum, raft.getSnapshotThreshold(),
				requestTimeout, LEADER_WAIT_ELECTIONS * max, level);
	}

	// ---------------------------------------------------------------- nodes

	private static List<PlannedNode> nodes(Cluster cluster, StoragePlan storage) {
		List<Node> modelNodes = cluster.getNodes();
		List<String> macroNames = CNames.uniqueMacroNames(modelNodes.stream().map(Node::getName).toList(),
				modelNodes.stream().map(Nodes::effectiveId).toList());
		List<PlannedNode> planned = new ArrayList<>();
		for (int i = 0; i < modelNodes.size(); i++) {
			Node node = modelNodes.get(i);
			int id = Nodes.effectiveId(node);
			boolean macGenerated = node.getMac() == null || node.getMac().isBlank();
			MacAddress mac = macGenerated ? generatedMac(id) : MacAddress.parse(node.getMac());
			planned.add(new PlannedNode(id, node.getName(), macroNames.get(i), node.isLearner(),
					Ipv4Address.parse(node.getAddress()), node.getPort(), mac, macGenerated, Nodes.nativeAddress(node),
					storage.filesOf(id)));
		}
		return List.copyOf(planned);
	}

	/** A locally administered unicast MAC from the node id: 02:00:00:00:HI:LO. */
	static MacAddress generatedMac(int id) {
		return MacAddress.parse(String.format("02:00:00:00:%02x:%02x", (id >>> 8) & 0xff, id & 0xff));
	}

	// ---------------------------------------------------------------- workload

	private static List<WorkloadStep> workload(Cluster cluster) {
		if (cluster.getWorkload() == null) {
			return List.of();
		}
		List<WorkloadStep> steps = new ArrayList<>();
		for (Step step : cluster.getWorkload().getSteps()) {
			if (step instanceof Put put) {
				steps.add(new WorkloadStep(WorkloadStep.Op.PUT, put.getKey(), put.getValue(), null, false));
			} else if (step instanceof Get get) {
				steps.add(new WorkloadStep(WorkloadStep.Op.GET, get.getKey(), null, get.getExpected(), get.isAbsent()));
			} else if (step instanceof Delete delete) {
				steps.add(new WorkloadStep(WorkloadStep.Op.DELETE, delete.getKey(), null, null, false));
			}
		}
		return List.copyOf(steps);
	}
}
