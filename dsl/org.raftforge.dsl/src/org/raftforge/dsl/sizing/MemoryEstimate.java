package org.raftforge.dsl.sizing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What one node of one variant needs, term by term (bytes).
 *
 * @param log              entries kept in RAM between snapshots
 * @param transport        receive buffer and message queue (UDP), or the node's share of the channel ring
 * @param stack            the node's stack, from the model
 * @param networkStack     lwIP on QEMU; nothing natively (the OS has the sockets)
 * @param coreState        Raft bookkeeping: terms, votes, timers, one progress record per peer
 * @param stateMachine     the key-value table
 */
public record MemoryEstimate(long log, long transport, long stack, long networkStack, long coreState,
		long stateMachine) {

	public long total() {
		return log + transport + stack + networkStack + coreState + stateMachine;
	}

	/** The terms by name, in a fixed order, for messages and reports. */
	public Map<String, Long> terms() {
		Map<String, Long> terms = new LinkedHashMap<>();
		terms.put("log", log);
		terms.put("transport", transport);
		terms.put("stack", stack);
		terms.put("network stack", networkStack);
		terms.put("core state", coreState);
		terms.put("state machine", stateMachine);
		return terms;
	}

	/** "log 36864 + transport 6976 + ..." (zero terms left out). */
	public String breakdown() {
		return terms().entrySet().stream().filter(term -> term.getValue() != 0)
				.map(term -> term.getKey() + " " + term.getValue()).collect(Collectors.joining(" + "));
	}
}
