package org.raftforge.generator.targets;

import java.util.List;

import org.raftforge.generator.plan.StoragePlan;
import org.raftforge.generator.plan.TransportPlan;
import org.raftforge.generator.plan.VariantPlan;

/**
 * Which runtime sources a variant compiles: the portable core (every src/*.c that is not a backend) plus exactly
 * one storage and one transport backend; a target adds its port's sources. Paths are relative to runtime/.
 */
public final class RuntimeLayout {

	static final String SOURCE_FOLDER = "src/";
	static final String STORAGE_FILE = "src/raft_storage_file.c";
	static final String STORAGE_MEMORY = "src/raft_storage_mem.c";
	static final String TRANSPORT_CHANNEL = "src/raft_transport_channel.c";
	/** Backends in src/: compiled only by the variants that choose them. */
	static final List<String> BACKENDS = List.of(STORAGE_FILE, STORAGE_MEMORY, TRANSPORT_CHANNEL);

	private RuntimeLayout() {
	}

	/** The portable runtime every node compiles, in the runtime's file order. */
	public static List<String> coreSources(List<String> runtimePaths) {
		return runtimePaths.stream().filter(path -> path.startsWith(SOURCE_FOLDER) && path.endsWith(".c"))
				.filter(path -> path.indexOf('/', SOURCE_FOLDER.length()) < 0).filter(path -> !BACKENDS.contains(path))
				.toList();
	}

	/** The portable part of the variant's storage backend. */
	public static List<String> storageSources(VariantPlan plan) {
		return plan.storage().kind() == StoragePlan.Kind.MEMORY ? List.of(STORAGE_MEMORY) : List.of(STORAGE_FILE);
	}

	/** The portable part of the variant's transport backend (UDP has none: each port brings its sockets). */
	public static List<String> transportSources(VariantPlan plan) {
		return plan.transport().kind() == TransportPlan.Kind.CHANNEL ? List.of(TRANSPORT_CHANNEL) : List.of();
	}
}
