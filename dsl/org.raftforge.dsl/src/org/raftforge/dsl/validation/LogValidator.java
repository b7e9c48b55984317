package org.raftforge.dsl.validation;

import static org.raftforge.dsl.raft.RaftPackage.Literals.RAFT_SETTINGS__MAX_ENTRY_SIZE;
import static org.raftforge.dsl.raft.RaftPackage.Literals.RAFT_SETTINGS__MAX_LOG_ENTRIES;
import static org.raftforge.dsl.raft.RaftPackage.Literals.RAFT_SETTINGS__SNAPSHOT_THRESHOLD;

import org.eclipse.xtext.validation.Check;
import org.raftforge.dsl.raft.RaftSettings;

/**
 * The log and its compaction: the log must have room, and snapshots must come before it is full.
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
