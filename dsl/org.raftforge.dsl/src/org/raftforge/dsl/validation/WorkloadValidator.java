package org.raftforge.dsl.validation;

import static org.raftforge.dsl.raft.RaftPackage.Literals.GET__ABSENT;
import static org.raftforge.dsl.raft.RaftPackage.Literals.GET__EXPECTED;
import static org.raftforge.dsl.raft.RaftPackage.Literals.PUT__VALUE;
import static org.raftforge.dsl.raft.RaftPackage.Literals.STEP__KEY;

import java.util.HashMap;
import java.util.Map;

import org.eclipse.xtext.validation.Check;
import org.raftforge.dsl.raft.Cluster;
import org.raftforge.dsl.raft.Delete;
import org.raftforge.dsl.raft.Get;
import org.raftforge.dsl.raft.Put;
import org.raftforge.dsl.raft.Step;
import org.raftforge.dsl.raft.Workload;
import org.raftforge.dsl.sizing.ResourceEstimator;

/**
 * The client workload: every command must fit one log entry, and the expectations must
 * follow from the writes before them (the steps run in order).
 */
public class WorkloadValidator extends AbstractRaftCheck {

	@Check
	public void checkCommandsFitAnEntry(Put put) {
		Cluster cluster = clusterOf(put);
		if (cluster == null || cluster.getRaft() == null || cluster.getRaft().getMaxEntrySize() <= 0) {
			return;
		}
		long command = ResourceEstimator.commandBytes(put.getKey(), put.getValue());
		long limit = cluster.getRaft().getMaxEntrySize();
		if (command > limit) {
			error("put \"" + put.getKey() + "\" is a " + command + " B command (key + value + "
					+ ResourceEstimator.COMMAND_OVERHEAD_BYTES + " B of command header), larger than max-entry-size "
					+ limit + " B: shorten the value by " + (command - limit) + " B or raise max-entry-size", put,
					PUT__VALUE, RaftIssueCodes.WORKLOAD_ENTRY_TOO_LARGE);
		}
	}

	@Check
	public void checkKeys(Step step) {
		if (step.getKey() != null && step.getKey().isEmpty()) {
			error("the key is empty: the key-value store needs a non-empty key", step, STEP__KEY,
					RaftIssueCodes.WORKLOAD_EMPTY_KEY);
		}
	}

	@Check
	public void checkExpectations(Workload workload) {
		// What each key holds after the steps so far (absent keys are not in the map).
		Map<String, String> state = new HashMap<>();
		for (Step step : workload.getSteps()) {
			if (step instanceof Put put) {
				state.put(put.getKey(), put.getValue());
			} else if (step instanceof Delete delete) {
				state.remove(delete.getKey());
			} else if (step instanceof Get get) {
				checkExpectation(get, state);
			}
		}
	}

	private void checkExpectation(Get get, Map<String, String> state) {
		String current = state.get(get.getKey());
		if (get.isAbsent() && current != null) {
			warning("\"" + get.getKey() + "\" still holds \"" + current
					+ "\" at this point of the workload (no delete since the last put): expect \"" + current + "\"",
					get, GET__ABSENT, RaftIssueCodes.WORKLOAD_EXPECTATION_CONTRADICTS);
		} else if (get.getExpected() != null && !get.getExpected().equals(current)) {
			String holds = current == null ? "nothing (never put, or deleted)" : "\"" + current + "\"";
			warning("\"" + get.getKey() + "\" holds " + holds + " at this point of the workload, not \""
					+ get.getExpected() + "\"", get, GET__EXPECTED, RaftIssueCodes.WORKLOAD_EXPECTATION_CONTRADICTS);
		}
	}
}
