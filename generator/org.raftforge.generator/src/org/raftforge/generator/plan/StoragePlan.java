package org.raftforge.generator.plan;

import java.util.List;

/**
 * The variant's storage.
 *
 * @param kind      the backend
 * @param modelName the storage's name in the model
 * @param directory where the node files live, relative to the node's working directory ("." for memory)
 */
public record StoragePlan(Kind kind, String modelName, String directory) {

	public enum Kind {
		MEMORY("memory"), FILE("file"), SEMIHOSTING("semihosting");

		private final String word;

		Kind(String word) {
			this.word = word;
		}

		public String word() {
			return word;
		}
	}

	/** A node's state survives a restart of its process. */
	public boolean durable() {
		return kind != Kind.MEMORY;
	}

	/**
	 * The files of node {@code id} (the runtime's record-file layout, runtime/include/raft/raft_storage.h); none for
	 * memory storage.
	 */
	public List<String> filesOf(int id) {
		if (!durable()) {
			return List.of();
		}
		String prefix = "raft_node_" + Integer.toUnsignedString(id) + "_";
		return List.of(prefix + "metadata.bin", prefix + "log.bin", prefix + "snapshot_metadata.bin",
				prefix + "snapshot_data.bin");
	}
}
