package org.raftforge.dsl.validation;

import static org.raftforge.dsl.raft.RaftPackage.Literals.RAFT_SETTINGS__ELECTION_TIMEOUT_MAX;
import static org.raftforge.dsl.raft.RaftPackage.Literals.RAFT_SETTINGS__ELECTION_TIMEOUT_MIN;
import static org.raftforge.dsl.raft.RaftPackage.Literals.RAFT_SETTINGS__HEARTBEAT;
import static org.raftforge.dsl.raft.RaftPackage.Literals.RAFT_SETTINGS__LEASE;

import org.eclipse.xtext.validation.Check;
import org.raftforge.dsl.model.Presence;
import org.raftforge.dsl.raft.RaftSettings;
import org.raftforge.dsl.values.Units;

/**
 * Timing: the election timeout range, the heartbeat and the leader lease must leave
 * followers time to hear the leader before they start an election.
 */
public class TimingValidator extends AbstractRaftCheck {

	/** Heartbeats at most a third of the election timeout: two may be lost before anyone stands. */
	static final int HEARTBEATS_PER_ELECTION_TIMEOUT = 3;

	@Check
	public void checkElectionTimeout(RaftSettings raft) {
		long min = raft.getElectionTimeoutMin();
		long max = raft.getElectionTimeoutMax();
		if (min <= 0) {
			error("the minimum election timeout must be longer than 0ms, e.g. 300ms .. 600ms", raft,
					RAFT_SETTINGS__ELECTION_TIMEOUT_MIN, RaftIssueCodes.VALUE_NOT_POSITIVE);
			return;
		}
		if (min >= max) {
			error("election timeout " + Units.duration(min) + " .. " + Units.duration(max)
					+ ": the minimum must be below the maximum (the spread between them keeps nodes from "
					+ "standing at once), e.g. " + Units.duration(min) + " .. " + Units.duration(2 * min), raft,
					RAFT_SETTINGS__ELECTION_TIMEOUT_MAX, RaftIssueCodes.ELECTION_TIMEOUT_RANGE);
		}
	}

	@Check
	public void checkHeartbeat(RaftSettings raft) {
		long min = raft.getElectionTimeoutMin();
		long heartbeat = raft.getHeartbeat();
		if (heartbeat <= 0) {
			error("the heartbeat must be longer than 0ms", raft, RAFT_SETTINGS__HEARTBEAT,
					RaftIssueCodes.VALUE_NOT_POSITIVE);
			return;
		}
		if (min <= 0) {
			return;
		}
		String suggestion = Units.duration(Math.max(1, min / HEARTBEATS_PER_ELECTION_TIMEOUT));
		if (heartbeat >= min) {
			error("heartbeat " + Units.duration(heartbeat) + " is not shorter than the minimum election timeout "
					+ Units.duration(min) + ": followers would start elections against a healthy leader; use at most "
					+ suggestion, raft, RAFT_SETTINGS__HEARTBEAT, RaftIssueCodes.HEARTBEAT_TOO_LONG, suggestion);
		} else if (heartbeat * HEARTBEATS_PER_ELECTION_TIMEOUT > min) {
			warning("heartbeat " + Units.duration(heartbeat) + " is more than a third of the minimum election timeout "
					+ Units.duration(min) + ": one or two lost heartbeats start an election; use at most " + suggestion,
					raft, RAFT_SETTINGS__HEARTBEAT, RaftIssueCodes.HEARTBEAT_ABOVE_THIRD, suggestion);
		}
	}

	@Check
	public void checkLease(RaftSettings raft) {
		if (!Presence.isWritten(raft, RAFT_SETTINGS__LEASE)) {
			return;
		}
		long lease = raft.getLease();
		long min = raft.getElectionTimeoutMin();
		if (lease <= 0) {
			error("lease 0ms grants no lease: leave the `lease` line out to serve reads by ReadIndex only", raft,
					RAFT_SETTINGS__LEASE, RaftIssueCodes.VALUE_NOT_POSITIVE);
			return;
		}
		if (min > 0 && lease >= min) {
			// A safe lease ends before any follower can have elected a new leader.
			String suggestion = Units.duration(Math.max(1, min - min / 6));
			error("lease " + Units.duration(lease) + " is not shorter than the minimum election timeout "
					+ Units.duration(min) + ": a new leader could be elected while the old one still serves reads "
					+ "from its lease (stale reads); use less, e.g. " + suggestion, raft, RAFT_SETTINGS__LEASE,
					RaftIssueCodes.LEASE_TOO_LONG, suggestion);
		}
	}
}
