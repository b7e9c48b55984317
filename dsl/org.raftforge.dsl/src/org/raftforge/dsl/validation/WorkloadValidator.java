package org.raftforge.dsl.validation;

import static org.raftforge.dsl.raft.RaftPackage.Literals.GET__ABSENT;
import static org.raftforge.dsl.raft.RaftPackage.Literals.GET__EXPECTED;
import static org.raftforge.dsl.raft.RaftPackage.Literals.PUT__VALUE;
import static org.raftforge.dsl.raft.RaftPackage.Literals.STEP__KEY;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.validation.Check;
import org.raftforge.dsl.raft.Cluster;
import org.raftforge.dsl.raft.Delete;
import org.raftforge.dsl.raft.Get;
import org.raftforge.dsl.raft.Put;
import org.raftforge.dsl.raft.Step;
import org.raftforge.dsl.raft.Workload;
import org.raftforge.dsl.sizing.ResourceEstimator;

/**
 * The client workload: every key and value must be one the runtime takes (its key-value limits as the generator
 * sizes them, see {@link ResourceEstimator#kvKeyBytes(Cluster)}) and the control protocol can carry (UTF-8 text,
 * percent-encoded by the launcher), and the expectations must follow from the writes before them (the steps run in
 * order).
 */
public class WorkloadValidator extends AbstractRaftCheck {

	@Check
	public void checkValueFits(Put put) {
		Cluster cluster = clusterOf(put);
		if (cluster == null || cluster.getRaft() == null || cluster.getRaft().getMaxEntrySize() <= 0
				|| !isUtf8(put.getKey()) || !isUtf8(put.getValue())
				|| ResourceEstimator.utf8Length(put.getKey()) > ResourceEstimator.longestKeyAllowed(cluster.getRaft())) {
			return; // reported once, as what it is
		}
		long command = ResourceEstimator.commandBytes(put.getKey(), put.getValue());
		long limit = cluster.getRaft().getMaxEntrySize();
		long value = ResourceEstimator.utf8Length(put.getValue());
		long valueLimit = ResourceEstimator.kvValueBytes(cluster);
		if (command > limit) {
			error("put \"" + put.getKey() + "\" is a " + command + " B command (key + value + "
					+ ResourceEstimator.COMMAND_OVERHEAD_BYTES + " B of command header), larger than max-entry-size "
					+ limit + " B: shorten the value by " + (command - limit) + " B or raise max-entry-size", put,
					PUT__VALUE, RaftIssueCodes.WORKLOAD_ENTRY_TOO_LARGE);
		} else if (value > valueLimit) {
			long keyShare = ResourceEstimator.kvKeyBytes(cluster);
			error("the value of \"" + put.getKey() + "\" is " + value + " B, but the key-value store takes values of "
					+ "at most " + valueLimit + " B: max-entry-size " + limit + " B less "
					+ ResourceEstimator.COMMAND_OVERHEAD_BYTES + " B of command header less " + keyShare
					+ " B kept for keys (" + keyShareReason(cluster, keyShare) + "); shorten the value by "
					+ (value - valueLimit) + " B or raise max-entry-size", put, PUT__VALUE,
					RaftIssueCodes.WORKLOAD_VALUE_TOO_LONG);
		}
	}

	@Check
	public void checkKeys(Step step) {
		if (step.getKey() == null) {
			return;
		}
		if (step.getKey().isEmpty()) {
			error("the key is empty: the key-value store needs a non-empty key", step, STEP__KEY,
					RaftIssueCodes.WORKLOAD_EMPTY_KEY);
			return;
		}
		Cluster cluster = clusterOf(step);
		if (!isUtf8(step.getKey()) || cluster == null || cluster.getRaft() == null
				|| cluster.getRaft().getMaxEntrySize() <= ResourceEstimator.COMMAND_OVERHEAD_BYTES) {
			return;
		}
		long key = ResourceEstimator.utf8Length(step.getKey());
		long limit = ResourceEstimator.longestKeyAllowed(cluster.getRaft());
		if (key > limit) {
			String why = limit == ResourceEstimator.MAX_KEY_BYTES
					? "the runtime keeps a request's key behind a one-byte length"
					: "a put of it must fit max-entry-size " + cluster.getRaft().getMaxEntrySize() + " B with "
							+ ResourceEstimator.COMMAND_OVERHEAD_BYTES + " B of command header";
			error("the key \"" + step.getKey() + "\" is " + key + " B, but keys may have at most " + limit + " B ("
					+ why + "); shorten it by " + (key - limit) + " B"
					+ (limit == ResourceEstimator.MAX_KEY_BYTES ? "" : " or raise max-entry-size"),
					step, STEP__KEY, RaftIssueCodes.WORKLOAD_KEY_TOO_LONG);
		}
	}

	@Check
	public void checkTextIsUtf8(Step step) {
		checkUtf8(step, STEP__KEY, step.getKey());
		if (step instanceof Put put) {
			checkUtf8(put, PUT__VALUE, put.getValue());
		} else if (step instanceof Get get) {
			checkUtf8(get, GET__EXPECTED, get.getExpected());
		}
	}

	/** The store holds at most RAFT_KV_MAX_KEYS keys at once: a put of one more new key is refused ("full"). */
	@Check
	public void checkKeyCount(Workload workload) {
		Set<String> present = new HashSet<>();
		for (Step step : workload.getSteps()) {
			if (step instanceof Put put && present.add(put.getKey())
					&& present.size() > ResourceEstimator.KV_MAX_KEYS) {
				error("this put stores key number " + present.size() + ", but the key-value store holds at most "
						+ ResourceEstimator.KV_MAX_KEYS + " keys (RAFT_KV_MAX_KEYS) and refuses it as full; delete a "
						+ "key before it or reuse one", put, STEP__KEY, RaftIssueCodes.WORKLOAD_TOO_MANY_KEYS);
				present.remove(put.getKey());
			} else if (step instanceof Delete delete) {
				present.remove(delete.getKey());
			}
		}
	}

	private void checkUtf8(Step step, EStructuralFeature feature, String text) {
		if (text != null && !isUtf8(text)) {
			error("this text has a lone UTF-16 surrogate (a \\u escape of half a character), which has no UTF-8 "
					+ "bytes the node could store; write the whole character (both halves of the pair, or the "
					+ "character itself)", step, feature, RaftIssueCodes.WORKLOAD_NOT_UTF8);
		}
	}

	private static boolean isUtf8(String text) {
		return text == null || StandardCharsets.UTF_8.newEncoder().canEncode(text);
	}

	private static String keyShareReason(Cluster cluster, long keyShare) {
		return keyShare == ResourceEstimator.longestWorkloadKeyBytes(cluster)
				&& keyShare > ResourceEstimator.kvMaxKeyBytes(cluster.getRaft())
						? "the longest key of the workload; shorten it to leave values more"
						: "a quarter of what the header leaves, at most " + ResourceEstimator.KV_DEFAULT_MAX_KEY_BYTES
								+ " B";
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
