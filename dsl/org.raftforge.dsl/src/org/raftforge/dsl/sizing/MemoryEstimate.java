package org.raftforge.dsl.sizing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The RAM one variant's generated code allocates (bytes), term by term as the runtime structures lay it out. The
 * first six terms belong to each node; the port and the stack exist once per image, and a channel image holds every
 * node of the cluster.
 *
 * @param log           struct raft_log: the core's in-memory log (slots and payload arena)
 * @param core          the rest of struct raft_core: progress per peer, memberships, read queues, outbox
 * @param server        the rest of struct raft_server: client requests, rx/tx frames, snapshot chunk, control line
 * @param stateMachine  struct raft_kv: the key-value table and client sessions
 * @param storage       struct raft_mem_storage or struct raft_file_storage
 * @param transport     the node's channel ring and endpoint, or its UDP transport struct
 * @param networkStack  lwIP's pools and the Ethernet interface (UDP on QEMU; natively the kernel's)
 * @param port          once per image: the console UART and board state, or the native node's I/O buffers
 * @param stack         once per image: the model's stack
 * @param nodesPerImage nodes that share one image (all of them on a channel, else 1)
 */
public record MemoryEstimate(long log, long core, long server, long stateMachine, long storage, long transport,
		long networkStack, long port, long stack, int nodesPerImage) {

	/** What each node of the image has to itself. */
	public long perNode() {
		return log + core + server + stateMachine + storage + transport + networkStack;
	}

	/** What the image has once, whatever its node count. */
	public long shared() {
		return port + stack;
	}

	/** The whole image: every node's own memory plus the shared part (what the linker places in RAM). */
	public long image() {
		return perNode() * nodesPerImage + shared();
	}

	/**
	 * One node's share: its own memory plus its part of the shared memory, rounded up. A budget of this size per node
	 * holds the image (the firmware's RAM is the budget times the nodes per image).
	 */
	public long total() {
		return perNode() + (shared() + nodesPerImage - 1) / nodesPerImage;
	}

	/** The terms by name, in a fixed order, for messages and reports. */
	public Map<String, Long> terms() {
		Map<String, Long> terms = new LinkedHashMap<>();
		terms.put("log", log);
		terms.put("core", core);
		terms.put("server", server);
		terms.put("state machine", stateMachine);
		terms.put("storage", storage);
		terms.put("transport", transport);
		terms.put("network stack", networkStack);
		terms.put("port", port);
		terms.put("stack", stack);
		return terms;
	}

	/**
	 * "log 10264 + core 2090 + ... + stack 4096" (zero terms left out); with several nodes per image the shared terms
	 * read "port 2304/5".
	 */
	public String breakdown() {
		return terms().entrySet().stream().filter(term -> term.getValue() != 0).map(term -> {
			boolean shared = term.getKey().equals("port") || term.getKey().equals("stack");
			String share = shared && nodesPerImage > 1 ? "/" + nodesPerImage : "";
			return term.getKey() + " " + term.getValue() + share;
		}).collect(Collectors.joining(" + "));
	}
}
