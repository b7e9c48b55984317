package org.raftforge.dsl.validation;

import static org.raftforge.dsl.raft.RaftPackage.Literals.RAFT_SETTINGS__MAX_ENTRY_SIZE;
import static org.raftforge.dsl.raft.RaftPackage.Literals.RAFT_SETTINGS__MAX_LOG_ENTRIES;
import static org.raftforge.dsl.raft.RaftPackage.Literals.RAFT_SETTINGS__SNAPSHOT_THRESHOLD;

import org.eclipse.xtext.validation.Check;
import org.raftforge.dsl.raft.Cluster;
import org.raftforge.dsl.raft.RaftSettings;
import org.raftforge.dsl.sizing.ResourceEstimator;

/**
 * The log and its compaction: the log must have room within the runtime's limits (raft_config.h, quoted by
 * {@link ResourceEstimator}), and snapshots must come before it is full.
 */
public class LogValidator extends AbstractRaftCheck {

	@Check
	public void checkLogSizes(RaftSettings raft) {
		if (raft.getMaxLogEntries() <= 0) {
			error("max-log-entries must be at least 1, e.g. 256", raft, RAFT_SETTINGS__MAX_LOG_ENTRIES,
					RaftIssueCodes.VALUE_NOT_POSITIVE);
		}
		if (raft.getMaxEntrySize() <= 0) {
			error("max-entry-size must be larger than 0 B, e.g. 128 B", raft, RAFT_SETTINGS__MAX_ENTRY_SIZE,
					RaftIssueCodes.VALUE_NOT_POSITIVE);
		}
	}

	@Check
	public void checkRuntimeLogLimits(RaftSettings raft) {
		int entries = raft.getMaxLogEntries();
		if (entries > 0 && (entries < ResourceEstimator.MIN_LOG_ENTRIES || entries > ResourceEstimator.MAX_LOG_ENTRIES)) {
			int nearest = Math.max(ResourceEstimator.MIN_LOG_ENTRIES, Math.min(ResourceEstimator.MAX_LOG_ENTRIES, entries));
			error("max-log-entries " + entries + " is outside what the runtime's log holds (16-bit slot indices): use "
					+ ResourceEstimator.MIN_LOG_ENTRIES + ".." + ResourceEstimator.MAX_LOG_ENTRIES, raft,
					RAFT_SETTINGS__MAX_LOG_ENTRIES, RaftIssueCodes.LOG_ENTRIES_OUT_OF_RANGE, Integer.toString(nearest));
		}
		long entry = raft.getMaxEntrySize();
		if (entry <= 0) {
			return;
		}
		long smallest = smallestEntry(clusterOf(raft));
		if (entry < smallest) {
			error("max-entry-size " + entry + " B cannot hold a key-value command ("
					+ ResourceEstimator.COMMAND_OVERHEAD_BYTES + " B of header and a key) or a membership entry of "
					+ nodeCount(clusterOf(raft)) + " nodes; use at least " + smallest + " B", raft,
					RAFT_SETTINGS__MAX_ENTRY_SIZE, RaftIssueCodes.ENTRY_SIZE_OUT_OF_RANGE, smallest + " B");
		} else if (entry > ResourceEstimator.MAX_ENTRY_SIZE) {
			error("max-entry-size " + entry + " B is more than the runtime's 14-bit entry lengths hold; use at most "
					+ ResourceEstimator.MAX_ENTRY_SIZE + " B", raft, RAFT_SETTINGS__MAX_ENTRY_SIZE,
					RaftIssueCodes.ENTRY_SIZE_OUT_OF_RANGE, ResourceEstimator.MAX_ENTRY_SIZE + " B");
		}
		checkLogArena(raft);
	}

	/** The log's payload arena (sized by the generator) must stay within the runtime's 30-bit ring positions. */
	private void checkLogArena(RaftSettings raft) {
		if (raft.getMaxLogEntries() <= 0) {
			return;
		}
		long arena = ResourceEstimator.logArenaBytes(raft);
		if (arena <= ResourceEstimator.MAX_LOG_ARENA_BYTES) {
			return;
		}
		long entry = raft.getMaxEntrySize();
		long maxEntries = Math.min(ResourceEstimator.MAX_LOG_ENTRIES,
				ResourceEstimator.MAX_LOG_ARENA_BYTES * ResourceEstimator.LOG_ARENA_SHARE / entry);
		long maxEntrySize = Math.min(ResourceEstimator.MAX_ENTRY_SIZE,
				ResourceEstimator.MAX_LOG_ARENA_BYTES * ResourceEstimator.LOG_ARENA_SHARE / raft.getMaxLogEntries());
		error("the log's payload arena would be " + arena + " B (max-log-entries " + raft.getMaxLogEntries()
				+ " x max-entry-size " + entry + " B / " + ResourceEstimator.LOG_ARENA_SHARE + "), more than the "
				+ ResourceEstimator.MAX_LOG_ARENA_BYTES + " B (1 GiB, 30-bit ring positions) the runtime's log "
				+ "addresses; lower max-log-entries to at most " + maxEntries + " or max-entry-size to at most "
				+ maxEntrySize + " B", raft, RAFT_SETTINGS__MAX_LOG_ENTRIES, RaftIssueCodes.LOG_ARENA_TOO_LARGE);
	}

	/** raft_config.h's lower bounds: 16 B, a membership entry (2 + 3 per node), a command with a 1-byte key. */
	private static long smallestEntry(Cluster cluster) {
		return Math.max(Math.max(ResourceEstimator.MIN_ENTRY_SIZE, 2 + 3L * nodeCount(cluster)),
				ResourceEstimator.COMMAND_OVERHEAD_BYTES + 1);
	}

	private static int nodeCount(Cluster cluster) {
		return cluster == null ? 0 : cluster.getNodes().size();
	}

	@Check
	public void checkSnapshotThreshold(RaftSettings raft) {
		int threshold = raft.getSnapshotThreshold();
		int capacity = raft.getMaxLogEntries();
		if (threshold <= 0) {
			error("snapshot-threshold must be at least 1 entry, e.g. " + Math.max(1, capacity / 2) + " entries", raft,
					RAFT_SETTINGS__SNAPSHOT_THRESHOLD, RaftIssueCodes.VALUE_NOT_POSITIVE);
		} else if (capacity > 0 && threshold >= capacity) {
			error("snapshot-threshold " + threshold + " entries is not below max-log-entries " + capacity
					+ ": the log fills up before a snapshot compacts it; use at most " + (capacity - 1)
					+ " (half, " + Math.max(1, capacity / 2) + ", leaves room for followers that lag)", raft,
					RAFT_SETTINGS__SNAPSHOT_THRESHOLD, RaftIssueCodes.SNAPSHOT_THRESHOLD_TOO_HIGH,
					Integer.toString(Math.max(1, capacity / 2)));
		}
	}
}
