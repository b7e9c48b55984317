package org.raftforge.generator.templates;

import java.util.List;

import org.raftforge.generator.json.Json;
import org.raftforge.generator.plan.Capacities;
import org.raftforge.generator.plan.PlannedNode;
import org.raftforge.generator.plan.Timing;
import org.raftforge.generator.plan.TransportPlan;
import org.raftforge.generator.plan.VariantPlan;
import org.raftforge.generator.plan.WorkloadStep;
import org.raftforge.generator.targets.TargetSupport;

/** launch.json: the launch description of docs/launch-description.md (schema raftforge-launch/1). */
public final class LaunchDescriptionTemplate {

	public static final String PATH = "launch.json";
	public static final String SCHEMA = "raftforge-launch/1";

	public String content(VariantPlan plan, List<TargetSupport> targets) {
		Json.Obj targetSections = Json.obj();
		for (TargetSupport target : targets) {
			targetSections.put(target.launchTarget(), target.launchSection(plan));
		}
		boolean ownTargetHere = targets.stream().anyMatch(t -> t.launchTarget().equals(plan.modelTarget().word()));
		Json.Obj launch = Json.obj()
				.put("schema", SCHEMA)
				.put("model", plan.modelFileName())
				.put("cluster", plan.clusterName())
				.put("variant", plan.variantName())
				.put("model_target", plan.modelTarget().word())
				.put("default_target", ownTargetHere ? plan.modelTarget().word() : "native")
				.put("storage", Json.obj().put("kind", plan.storage().kind().word())
						.put("durable", plan.storage().durable()).put("directory", plan.storage().directory()))
				.put("transport", transport(plan))
				.put("timing", timing(plan.timing()))
				.put("limits", limits(plan.capacities()))
				.put("events", plan.timing().logLevel().writesEvents())
				.put("nodes", nodes(plan))
				.put("workload", workload(plan))
				.put("targets", targetSections);
		return Json.write(launch);
	}

	private static Json.Obj transport(VariantPlan plan) {
		TransportPlan transport = plan.transport();
		Json.Obj json = Json.obj().put("kind", transport.kind().word())
				.put("nodes_per_process", plan.allNodesInOneProcess() ? plan.nodeCount() : 1)
				.put("max_frame_bytes", plan.capacities().maxFrameSize());
		if (transport.isUdp()) {
			json.put("receive_buffer_bytes", transport.receiveBufferBytes()).put("queue_depth", transport.queueDepth());
		} else {
			json.put("capacity", transport.capacity());
		}
		return json;
	}

	private static Json.Obj timing(Timing timing) {
		return Json.obj().put("election_timeout_min_ms", timing.electionTimeoutMinMs())
				.put("election_timeout_max_ms", timing.electionTimeoutMaxMs())
				.put("heartbeat_ms", timing.heartbeatMs())
				.put("lease_ms", timing.leaseMs())
				.put("pre_vote", timing.preVote())
				.put("check_quorum", timing.checkQuorum())
				.put("snapshot_threshold", timing.snapshotThreshold())
				.put("request_timeout_ms", timing.requestTimeoutMs())
				.put("leader_wait_ms", timing.leaderWaitMs());
	}

	private static Json.Obj limits(Capacities capacities) {
		return Json.obj().put("max_key_bytes", capacities.kvMaxKeyLen())
				.put("max_value_bytes", capacities.kvMaxValueLen())
				.put("max_entry_bytes", capacities.maxEntrySize())
				.put("max_keys", capacities.kvMaxKeys())
				.put("max_pending", capacities.maxPending())
				.put("max_sessions", capacities.maxSessions())
				.put("control_line_max", capacities.controlLineMax());
	}

	private static Json.Arr nodes(VariantPlan plan) {
		Json.Arr nodes = Json.arr();
		for (PlannedNode node : plan.nodes()) {
			nodes.add(Json.obj().put("id", Integer.toUnsignedLong(node.id())).put("name", node.name())
					.put("role", node.role()).put("address", node.address().toString()).put("port", node.port())
					.put("mac", node.mac().text()).put("storage_files", Json.arrOf(node.storageFiles())));
		}
		return nodes;
	}

	private static Json.Arr workload(VariantPlan plan) {
		Json.Arr steps = Json.arr();
		for (WorkloadStep step : plan.workload()) {
			Json.Obj json = Json.obj().put("op", step.op().word()).put("key", step.key());
			if (step.op() == WorkloadStep.Op.PUT) {
				json.put("value", step.value());
			} else if (step.expected() != null) {
				json.put("expect", step.expected());
			} else if (step.expectAbsent()) {
				json.put("expect_absent", true);
			}
			steps.add(json);
		}
		return steps;
	}
}
