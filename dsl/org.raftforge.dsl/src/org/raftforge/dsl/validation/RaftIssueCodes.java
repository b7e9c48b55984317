package org.raftforge.dsl.validation;

/**
 * Every diagnostic the language reports has its own code, so that quick fixes and tests
 * can address it. Codes are short and stable; the CLI prints them in brackets.
 * Where a fix is obvious, the diagnostic also carries issue data (documented per code).
 */
public final class RaftIssueCodes {

	private RaftIssueCodes() {
	}

	// ---- values that cannot be read (reported by the value converters)
	public static final String INVALID_SIZE = "invalid-size";
	public static final String INVALID_DURATION = "invalid-duration";
	public static final String INVALID_PORT = "invalid-port";
	public static final String INVALID_ADDRESS = "invalid-address";
	public static final String INVALID_SUBNET = "invalid-subnet";
	public static final String INVALID_MAC = "invalid-mac";
	/** A size, duration or count that must be larger than zero. */
	public static final String VALUE_NOT_POSITIVE = "value-not-positive";

	// ---- nodes and addressing
	public static final String NO_NODES = "no-nodes";
	public static final String NO_VOTERS = "no-voters";
	/**
	 * Warning: an even number of voters tolerates no more failures than one less.
	 * Issue data: a node to add: name, address, port.
	 */
	public static final String EVEN_VOTER_COUNT = "even-voter-count";
	public static final String TOO_MANY_NODES = "too-many-nodes";
	public static final String DUPLICATE_NODE_NAME = "duplicate-node-name";
	public static final String DUPLICATE_NODE_ID = "duplicate-node-id";
	public static final String INVALID_NODE_ID = "invalid-node-id";
	/** Two nodes with one address where every node has its own interface (UDP on QEMU). */
	public static final String DUPLICATE_ADDRESS = "duplicate-address";
	/** Two nodes with the same address and port. Issue data: the next free port. */
	public static final String DUPLICATE_ENDPOINT = "duplicate-endpoint";
	/** Port 0 or above 65535. Issue data: the next free port. */
	public static final String PORT_OUT_OF_RANGE = "port-out-of-range";
	/** Nodes sharing a port in a variant on the native target (nodes told apart by port on 127.0.0.1). Issue data: the next free port. */
	public static final String SHARED_PORT_ON_NATIVE = "shared-port-on-native";
	/**
	 * Warning: nodes sharing a port in a UDP variant on QEMU; `launch --target native` then gives each node its own
	 * loopback address 127.0.0.N, which not every host has. Issue data: the next free port.
	 */
	public static final String SHARED_PORT_LOOPBACK_PER_NODE = "shared-port-loopback-per-node";
	/** Issue data: the first free address in the subnet. */
	public static final String ADDRESS_OUTSIDE_SUBNET = "address-outside-subnet";
	/** The subnet's network or broadcast address. Issue data: the first free address in the subnet. */
	public static final String ADDRESS_RESERVED = "address-reserved";
	/** Warning: a subnet written with host bits (10.0.0.5/24). Issue data: the subnet as it should be written. */
	public static final String SUBNET_HOST_BITS = "subnet-host-bits";
	public static final String DUPLICATE_MAC = "duplicate-mac";
	public static final String MULTICAST_MAC = "multicast-mac";

	// ---- timing
	public static final String ELECTION_TIMEOUT_RANGE = "election-timeout-range";
	/** Heartbeat at or above the minimum election timeout. Issue data: election min / 3 (e.g. "100ms"). */
	public static final String HEARTBEAT_TOO_LONG = "heartbeat-too-long";
	/** Warning: heartbeat above a third of the minimum election timeout. Issue data: election min / 3. */
	public static final String HEARTBEAT_ABOVE_THIRD = "heartbeat-above-third";
	/** Leader lease at or above the minimum election timeout. Issue data: a safe lease (below election min). */
	public static final String LEASE_TOO_LONG = "lease-too-long";

	// ---- log and snapshots
	/** max-log-entries outside the runtime's 8..65535. Issue data: the nearest allowed count. */
	public static final String LOG_ENTRIES_OUT_OF_RANGE = "log-entries-out-of-range";
	/** max-entry-size below a command or membership entry, or above 16383 B. Issue data: the nearest allowed size ("32 B"). */
	public static final String ENTRY_SIZE_OUT_OF_RANGE = "entry-size-out-of-range";
	/** The log's payload arena (a quarter of max-log-entries x max-entry-size) above the runtime's 1 GiB. */
	public static final String LOG_ARENA_TOO_LARGE = "log-arena-too-large";
	public static final String SNAPSHOT_THRESHOLD_TOO_HIGH = "snapshot-threshold-too-high";

	// ---- transports and memory
	public static final String UDP_BUFFER_TOO_SMALL = "udp-buffer-too-small";
	/** Warning: a channel that cannot hold one broadcast round. Issue data: the capacity needed. */
	public static final String CHANNEL_TOO_SMALL = "channel-too-small";
	/** Warning: a receive queue that cannot hold the replies to one broadcast. Issue data: the depth needed. */
	public static final String QUEUE_TOO_SHALLOW = "queue-too-shallow";
	/** Issue data: the budget needed, as a size ("80 KiB"). */
	public static final String MEMORY_BUDGET_TOO_SMALL = "memory-budget-too-small";
	public static final String MEMORY_BUDGET_EXCEEDS_RAM = "memory-budget-exceeds-ram";
	public static final String DUPLICATE_DECLARATION = "duplicate-declaration";

	// ---- storages and targets
	public static final String SEMIHOSTING_NEEDS_QEMU = "semihosting-needs-qemu";
	public static final String FILE_STORAGE_ON_QEMU = "file-storage-on-qemu";
	public static final String UNSUPPORTED_MACHINE = "unsupported-machine";

	// ---- variants
	public static final String DUPLICATE_VARIANT = "duplicate-variant";
	public static final String MULTIPLE_DEFAULT_VARIANTS = "multiple-default-variants";
	/** Warning: several variants and none marked `default`. */
	public static final String NO_DEFAULT_VARIANT = "no-default-variant";
	/** Warning: nothing to generate. */
	public static final String NO_VARIANTS = "no-variants";

	// ---- workload
	public static final String WORKLOAD_ENTRY_TOO_LARGE = "workload-entry-too-large";
	public static final String WORKLOAD_EMPTY_KEY = "workload-empty-key";
	/** A key longer than the runtime takes (255 B, or what an entry holds beside the command header). */
	public static final String WORKLOAD_KEY_TOO_LONG = "workload-key-too-long";
	/** A value longer than RAFT_KV_MAX_VALUE_LEN (max-entry-size less header less the keys' share). */
	public static final String WORKLOAD_VALUE_TOO_LONG = "workload-value-too-long";
	/** A put of a new key beyond RAFT_KV_MAX_KEYS keys held at once (the store answers "full"). */
	public static final String WORKLOAD_TOO_MANY_KEYS = "workload-too-many-keys";
	/** Text with a lone UTF-16 surrogate: it has no UTF-8 bytes to send. */
	public static final String WORKLOAD_NOT_UTF8 = "workload-not-utf8";
	/** Warning: a `get ... expect` that contradicts the writes before it. */
	public static final String WORKLOAD_EXPECTATION_CONTRADICTS = "workload-expectation-contradicts";
}
