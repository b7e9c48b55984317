package org.raftforge.generator.plan;

/**
 * Raft timing and options of a variant (milliseconds), as the runtime's struct raft_cluster_config takes them.
 *
 * @param requestTimeoutMs a client request not answered by then gets {@code err timeout}
 * @param leaderWaitMs     a launcher's generous bound for "no leader yet"
 * @param logLevel         the model's log level
 */
public record Timing(long electionTimeoutMinMs, long electionTimeoutMaxMs, long heartbeatMs, long leaseMs,
		boolean preVote, boolean checkQuorum, long snapshotThreshold, long requestTimeoutMs, long leaderWaitMs,
		LogLevel logLevel) {

	/** The model's observer levels; the runtime writes events from ESSENTIAL on. */
	public enum LogLevel {
		NONE, ESSENTIAL, INFO, DEBUG, TRACE;

		/** The value of struct raft_cluster_config.log_level. */
		public int runtimeValue() {
			return ordinal();
		}

		public String word() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

		/** The runtime writes role/leader/snapshot/membership/bad-frame events at level 1 and above. */
		public boolean writesEvents() {
			return this != NONE;
		}
	}
}
