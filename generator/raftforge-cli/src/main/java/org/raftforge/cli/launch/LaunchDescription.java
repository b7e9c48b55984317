package org.raftforge.cli.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * A variant's {@code launch.json} as the generator writes it (docs/launch-description.md, schema
 * {@code raftforge-launch/1}). Reading it checks every key the launcher uses and names the one that is missing or
 * wrong; keys it does not know are ignored, as the schema asks.
 */
public record LaunchDescription(Path file, String model, String cluster, String variant, String modelTarget,
		String defaultTarget, Storage storage, Transport transport, Timing timing, Limits limits, boolean events,
		List<Node> nodes, List<WorkloadStep> workload, Optional<TargetSection> nativeTarget,
		Optional<TargetSection> qemuTarget) {

	public static final String SCHEMA = "raftforge-launch/1";

	public record Storage(String kind, boolean durable, String directory) {
	}

	public record Transport(String kind, int nodesPerProcess, int maxFrameBytes) {
		public boolean isChannel() {
			return kind.equals("channel");
		}
	}

	public record Timing(long electionTimeoutMinMs, long electionTimeoutMaxMs, long heartbeatMs, long leaseMs,
			long requestTimeoutMs, long leaderWaitMs) {
	}

	public record Limits(int maxKeyBytes, int maxValueBytes, int maxKeys, int maxPending, int maxSessions) {
	}

	public record Node(long id, String name, String role, String address, int port, List<String> storageFiles) {
		public boolean isVoter() {
			return role.equals("voter");
		}
	}

	/** One workload step; {@code expect} is set for {@code get ... expect "v"}, {@code expectAbsent} for absent. */
	public record WorkloadStep(String op, String key, String value, String expect, boolean expectAbsent) {
	}

	public record Build(List<String> command, String cwd, List<String> artifacts) {
	}

	/** How to reach the processes' control channels: {@code stdio} natively; {@code uart-socket} on QEMU. */
	public record Control(String kind, boolean nodePrefix) {
	}

	/** One process; {@code raw} keeps the keys a target adds (QEMU: socket, hub_port ...). */
	public record ProcessSpec(String name, List<String> argv, String cwd, List<Long> nodes, JsonObject raw) {
	}

	public record Endpoint(long id, String address, int port) {
	}

	/** {@code targets.native} (and later {@code targets.qemu}); {@code raw} keeps the keys a backend adds. */
	public record TargetSection(String target, Build build, Control control, List<ProcessSpec> processes,
			List<Endpoint> endpoints, JsonObject raw) {
	}

	/** A launch.json that cannot be used, with the file and key at fault. */
	public static final class InvalidException extends Exception {
		private static final long serialVersionUID = 1L;

		InvalidException(String message) {
			super(message);
		}
	}

	public Optional<TargetSection> target(String name) {
		return switch (name) {
		case "native" -> nativeTarget;
		case "qemu" -> qemuTarget;
		default -> Optional.empty();
		};
	}

	public Optional<Node> node(long id) {
		return nodes.stream().filter(node -> node.id() == id).findFirst();
	}

	public String nodeName(long id) {
		return node(id).map(Node::name).orElse("node " + id);
	}

	public List<Node> voters() {
		return nodes.stream().filter(Node::isVoter).toList();
	}

	public static LaunchDescription read(Path file) throws InvalidException {
		String text;
		try {
			text = Files.readString(file, StandardCharsets.UTF_8);
		} catch (IOException e) {
			throw new InvalidException(file + ": error: cannot read the launch description: " + e.getMessage());
		}
		JsonElement root;
		try {
			root = JsonParser.parseString(text);
		} catch (JsonParseException e) {
			throw new InvalidException(file + ": error: not valid JSON (" + e.getMessage()
					+ "); generate the variant again");
		}
		return new Reader(file).description(root);
	}

	/** Walks the JSON tree, remembering the path for messages. */
	private record Reader(Path file) {

		LaunchDescription description(JsonElement root) throws InvalidException {
			JsonObject top = object(root, "(top level)");
			String schema = string(top, "schema", "");
			if (!schema.equals(SCHEMA)) {
				throw new InvalidException(file + ": error: schema is '" + schema + "', this launcher reads '" + SCHEMA
						+ "'; generate the variant again with this RaftForge");
			}
			JsonObject storage = object(top, "storage", "");
			JsonObject transport = object(top, "transport", "");
			JsonObject timing = object(top, "timing", "");
			JsonObject limits = object(top, "limits", "");
			List<Node> nodes = new ArrayList<>();
			JsonArray nodeArray = array(top, "nodes", "");
			for (int i = 0; i < nodeArray.size(); i++) {
				String at = "nodes[" + i + "].";
				JsonObject node = object(nodeArray.get(i), "nodes[" + i + "]");
				List<String> files = node.get("storage_files") instanceof JsonArray list && list.isEmpty() ? List.of()
						: strings(node, "storage_files", at);
				nodes.add(new Node(number(node, "id", at), string(node, "name", at), string(node, "role", at),
						string(node, "address", at), (int) number(node, "port", at), List.copyOf(files)));
			}
			if (nodes.isEmpty()) {
				throw new InvalidException(file + ": error: nodes is empty; the model needs at least one node");
			}
			List<WorkloadStep> workload = new ArrayList<>();
			JsonArray steps = top.has("workload") ? array(top, "workload", "") : new JsonArray();
			for (int i = 0; i < steps.size(); i++) {
				String at = "workload[" + i + "].";
				JsonObject step = object(steps.get(i), "workload[" + i + "]");
				String op = string(step, "op", at);
				if (!List.of("put", "get", "delete").contains(op)) {
					throw new InvalidException(file + ": error: " + at + "op is '" + op
							+ "'; expected put, get or delete");
				}
				workload.add(new WorkloadStep(op, string(step, "key", at),
						op.equals("put") ? string(step, "value", at) : null,
						step.has("expect") ? string(step, "expect", at) : null,
						step.has("expect_absent") && step.get("expect_absent").getAsBoolean()));
			}
			JsonObject targets = object(top, "targets", "");
			return new LaunchDescription(file, string(top, "model", ""), string(top, "cluster", ""),
					string(top, "variant", ""), string(top, "model_target", ""), string(top, "default_target", ""),
					new Storage(string(storage, "kind", "storage."), bool(storage, "durable", "storage."),
							string(storage, "directory", "storage.")),
					new Transport(string(transport, "kind", "transport."),
							(int) number(transport, "nodes_per_process", "transport."),
							(int) number(transport, "max_frame_bytes", "transport.")),
					new Timing(number(timing, "election_timeout_min_ms", "timing."),
							number(timing, "election_timeout_max_ms", "timing."),
							number(timing, "heartbeat_ms", "timing."), number(timing, "lease_ms", "timing."),
							number(timing, "request_timeout_ms", "timing."),
							number(timing, "leader_wait_ms", "timing.")),
					new Limits((int) number(limits, "max_key_bytes", "limits."),
							(int) number(limits, "max_value_bytes", "limits."),
							(int) number(limits, "max_keys", "limits."), (int) number(limits, "max_pending", "limits."),
							(int) number(limits, "max_sessions", "limits.")),
					bool(top, "events", ""), List.copyOf(nodes), List.copyOf(workload), target(targets, "native"),
					target(targets, "qemu"));
		}

		private Optional<TargetSection> target(JsonObject targets, String name) throws InvalidException {
			if (!targets.has(name) || targets.get(name).isJsonNull()) {
				return Optional.empty();
			}
			String at = "targets." + name + ".";
			JsonObject section = object(targets.get(name), "targets." + name);
			JsonObject build = object(section, "build", at);
			JsonObject control = object(section, "control", at);
			List<ProcessSpec> processes = new ArrayList<>();
			JsonArray array = array(section, "processes", at);
			for (int i = 0; i < array.size(); i++) {
				String pat = at + "processes[" + i + "].";
				JsonObject process = object(array.get(i), at + "processes[" + i + "]");
				List<Long> nodes = new ArrayList<>();
				JsonArray ids = array(process, "nodes", pat);
				for (int n = 0; n < ids.size(); n++) {
					JsonObject holder = new JsonObject();
					holder.add("nodes[" + n + "]", ids.get(n));
					nodes.add(number(holder, "nodes[" + n + "]", pat));
				}
				if (nodes.isEmpty()) {
					throw new InvalidException(file + ": error: " + pat + "nodes is empty");
				}
				processes.add(new ProcessSpec(string(process, "name", pat), strings(process, "argv", pat),
						string(process, "cwd", pat), List.copyOf(nodes), process));
			}
			if (processes.isEmpty()) {
				throw new InvalidException(file + ": error: " + at + "processes is empty");
			}
			List<Endpoint> endpoints = new ArrayList<>();
			if (section.has("endpoints")) {
				JsonArray eps = array(section, "endpoints", at);
				for (int i = 0; i < eps.size(); i++) {
					String eat = at + "endpoints[" + i + "].";
					JsonObject endpoint = object(eps.get(i), at + "endpoints[" + i + "]");
					endpoints.add(new Endpoint(number(endpoint, "id", eat), string(endpoint, "address", eat),
							(int) number(endpoint, "port", eat)));
				}
			}
			return Optional.of(new TargetSection(name,
					new Build(strings(build, "command", at + "build."), string(build, "cwd", at + "build."),
							build.has("artifacts") ? strings(build, "artifacts", at + "build.") : List.of()),
					new Control(string(control, "kind", at + "control."),
							control.has("node_prefix") && control.get("node_prefix").getAsBoolean()),
					List.copyOf(processes), List.copyOf(endpoints), section));
		}

		private JsonObject object(JsonElement element, String where) throws InvalidException {
			if (element == null || !element.isJsonObject()) {
				throw new InvalidException(file + ": error: " + where + " should be an object; generate the variant again");
			}
			return element.getAsJsonObject();
		}

		private JsonElement member(JsonObject object, String key, String at) throws InvalidException {
			JsonElement value = object.get(key);
			if (value == null || value.isJsonNull()) {
				throw new InvalidException(file + ": error: " + at + key + " is missing; generate the variant again");
			}
			return value;
		}

		private JsonObject object(JsonObject object, String key, String at) throws InvalidException {
			return object(member(object, key, at), at + key);
		}

		private JsonArray array(JsonObject object, String key, String at) throws InvalidException {
			JsonElement value = member(object, key, at);
			if (!value.isJsonArray()) {
				throw new InvalidException(file + ": error: " + at + key + " should be an array");
			}
			return value.getAsJsonArray();
		}

		private String string(JsonObject object, String key, String at) throws InvalidException {
			JsonElement value = member(object, key, at);
			if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
				throw new InvalidException(file + ": error: " + at + key + " should be a string");
			}
			return value.getAsString();
		}

		private List<String> strings(JsonObject object, String key, String at) throws InvalidException {
			List<String> strings = new ArrayList<>();
			JsonArray values = array(object, key, at);
			for (int i = 0; i < values.size(); i++) {
				JsonElement value = values.get(i);
				if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
					throw new InvalidException(file + ": error: " + at + key + "[" + i + "] should be a string");
				}
				strings.add(value.getAsString());
			}
			if (strings.isEmpty()) {
				throw new InvalidException(file + ": error: " + at + key + " is empty");
			}
			return List.copyOf(strings);
		}

		private long number(JsonObject object, String key, String at) throws InvalidException {
			JsonElement value = member(object, key, at);
			if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
				throw new InvalidException(file + ": error: " + at + key + " should be a number");
			}
			try {
				long number = value.getAsBigDecimal().longValueExact();
				if (number < 0) {
					throw new InvalidException(file + ": error: " + at + key + " is negative");
				}
				return number;
			} catch (ArithmeticException e) {
				throw new InvalidException(file + ": error: " + at + key + " should be a whole number");
			}
		}

		private boolean bool(JsonObject object, String key, String at) throws InvalidException {
			JsonElement value = member(object, key, at);
			if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isBoolean()) {
				throw new InvalidException(file + ": error: " + at + key + " should be true or false");
			}
			return value.getAsBoolean();
		}
	}
}
