package org.raftforge.cli.launch;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One client of the cluster's key-value store, as the control protocol wants it: a session id, writes numbered by
 * an increasing sequence number with one write in flight, sent to the leader (or any running node, which forwards),
 * retried with the same sequence number after a time-out or a lost node (the session makes the retry apply at most
 * once), redirected on {@code not-leader}, delayed on {@code busy}. Every operation goes into the {@link History}.
 */
public final class KvClient {

	/** How an operation ended for the client. */
	public enum Status {
		/** put/del acknowledged after commit; get answered */
		DONE,
		/** the cluster refused it for good (e.g. {@code full}); it had no effect */
		REFUSED,
		/** no answer in time: it may or may not have taken effect */
		UNKNOWN
	}

	/**
	 * @param found     for get: the value read; for del: whether the key existed (empty when absent)
	 * @param detail    the final reply or why there was none
	 * @param node      the node that gave the final answer (0 when none)
	 * @param attempts  requests sent
	 * @param nanos     from the first request to the final answer
	 */
	public record Result(Status status, Optional<byte[]> found, String detail, long node, int attempts, long nanos) {
	}

	private final long clientId;
	private final RunningCluster cluster;
	private final History history;
	private final LaunchDescription.Timing timing;
	/** Why requests had to be sent again, by reply code ("no-answer" when none came): where waits come from. */
	private final java.util.Map<String, Long> retries = new java.util.TreeMap<>();
	private long sequence;
	/** Where the last answer came from: a good first guess for the next request. */
	private long lastNode;

	public KvClient(long clientId, RunningCluster cluster, History history) {
		this.clientId = clientId;
		this.cluster = cluster;
		this.history = history;
		this.timing = cluster.description().timing();
	}

	public long id() {
		return clientId;
	}

	/** Requests sent again so far, by the reason (the error code of the answer, or "no-answer"). */
	public java.util.Map<String, Long> retries() {
		return java.util.Collections.unmodifiableMap(retries);
	}

	public Result put(byte[] key, byte[] value) throws InterruptedException {
		String request = "put " + clientId + " " + (++sequence) + " " + PercentEncoding.encode(key) + " "
				+ PercentEncoding.encode(value);
		return run(History.Kind.PUT, key, value, request);
	}

	public Result get(byte[] key) throws InterruptedException {
		String request = "get " + clientId + " " + (++sequence) + " " + PercentEncoding.encode(key);
		return run(History.Kind.GET, key, null, request);
	}

	public Result delete(byte[] key) throws InterruptedException {
		String request = "del " + clientId + " " + (++sequence) + " " + PercentEncoding.encode(key);
		return run(History.Kind.DEL, key, null, request);
	}

	/** How long one operation may keep retrying: long enough for an election after a crash, then a request. */
	long operationBudgetMillis() {
		return timing.leaderWaitMs() + 2 * timing.requestTimeoutMs();
	}

	private Result run(History.Kind kind, byte[] key, byte[] value, String request) throws InterruptedException {
		History.Pending pending = history.invoke(clientId, kind, key, value);
		long start = System.nanoTime();
		long deadline = start + operationBudgetMillis() * 1_000_000L;
		boolean mayHaveApplied = false;
		String last = "no node running";
		String retryReason = "no-answer";
		int attempts = 0;
		long hint = 0;
		while (System.nanoTime() < deadline) {
			long node = chooseNode(hint);
			hint = 0;
			if (node == 0) {
				Thread.sleep(Math.max(5, timing.heartbeatMs() / 2));
				continue;
			}
			if (attempts > 0) {
				retries.merge(retryReason, 1L, Long::sum);
			}
			attempts++;
			NodeLine.Reply reply;
			try {
				// the node answers `err timeout` itself after request_timeout_ms; the margin covers a slow machine
				reply = cluster.request(node, request).get(timing.requestTimeoutMs() + 2000, TimeUnit.MILLISECONDS);
			} catch (ExecutionException | TimeoutException e) {
				// the node died with the request, or stays silent: the write may have been applied
				mayHaveApplied = true;
				retryReason = "no-answer";
				last = cluster.description().nodeName(node) + " gave no answer ("
						+ (e.getCause() != null ? e.getCause().getMessage() : "no reply in time") + ")";
				lastNode = 0;
				Thread.sleep(Math.max(5, timing.heartbeatMs() / 2));
				continue;
			}
			last = reply.text();
			retryReason = reply.errorCode();
			lastNode = node;
			long nanos = System.nanoTime() - start;
			if (!reply.isError()) {
				try {
					return answered(kind, pending, reply, node, attempts, nanos);
				} catch (IllegalArgumentException badReply) {
					// an unreadable answer says nothing about the outcome
					return unknown(kind, pending, "unreadable answer '" + reply.text() + "': " + badReply.getMessage(),
							node, attempts, nanos);
				}
			}
			switch (reply.errorCode()) {
			case "not-leader" -> {
				hint = parseHint(reply.errorDetail());
				if (hint == node || hint == 0) {
					hint = 0;
					Thread.sleep(Math.max(5, timing.heartbeatMs() / 2));
				}
			}
			case "busy" -> Thread.sleep(Math.max(2, timing.heartbeatMs() / 10));
			case "timeout" -> mayHaveApplied = true;
			case "dropped" -> {
				// certainly not applied; retry with the same sequence number
			}
			case "stale", "full", "key-too-long", "value-too-long", "empty-key", "invalid", "unknown-node",
					"bad-request" -> {
				if (mayHaveApplied && kind != History.Kind.GET) {
					return unknown(kind, pending, reply.text(), node, attempts, nanos);
				}
				pending.refused();
				return new Result(Status.REFUSED, Optional.empty(), reply.text(), node, attempts, nanos);
			}
			default -> {
				// an unknown code: "failed, outcome unknown"
				return unknown(kind, pending, reply.text(), node, attempts, nanos);
			}
			}
		}
		return unknown(kind, pending, "gave up after " + operationBudgetMillis() + " ms: " + last, 0, attempts,
				System.nanoTime() - start);
	}

	private Result unknown(History.Kind kind, History.Pending pending, String detail, long node, int attempts,
			long nanos) {
		pending.unknown();
		return new Result(Status.UNKNOWN, Optional.empty(), detail, node, attempts, nanos);
	}

	private static Result answered(History.Kind kind, History.Pending pending, NodeLine.Reply reply, long node,
			int attempts, long nanos) {
		switch (kind) {
		case PUT -> {
			if (!reply.isOk()) {
				throw new IllegalArgumentException("a put is answered ok");
			}
			pending.completed(History.Result.OK, null);
			return new Result(Status.DONE, Optional.empty(), reply.text(), node, attempts, nanos);
		}
		case GET -> {
			if (reply.isNotFound()) {
				pending.completed(History.Result.ABSENT, null);
				return new Result(Status.DONE, Optional.empty(), reply.text(), node, attempts, nanos);
			}
			byte[] value = reply.value().orElseThrow(() -> new IllegalArgumentException("a get is answered "
					+ "`value V` or `not-found`"));
			pending.completed(History.Result.OK, value);
			return new Result(Status.DONE, Optional.of(value), reply.text(), node, attempts, nanos);
		}
		case DEL -> {
			if (!reply.isOk() && !reply.isNotFound()) {
				throw new IllegalArgumentException("a del is answered ok or not-found");
			}
			pending.completed(reply.isOk() ? History.Result.OK : History.Result.ABSENT, null);
			return new Result(Status.DONE, reply.isOk() ? Optional.of(new byte[0]) : Optional.empty(), reply.text(),
					node, attempts, nanos);
		}
		default -> throw new IllegalStateException();
		}
	}

	/** The hinted leader if it runs, else the last node that answered, else the leader we know, else any node. */
	private long chooseNode(long hint) {
		if (hint != 0 && cluster.isRunning(hint)) {
			return hint;
		}
		Optional<ClusterView.Row> leader = cluster.view().leader();
		if (leader.isPresent() && cluster.isRunning(leader.get().id())) {
			return leader.get().id();
		}
		if (lastNode != 0 && cluster.isRunning(lastNode)) {
			return lastNode;
		}
		List<ClusterView.Row> rows = cluster.view().rows();
		int offset = (int) Math.floorMod(System.nanoTime() / 1000, Math.max(1, rows.size()));
		for (int i = 0; i < rows.size(); i++) {
			ClusterView.Row row = rows.get((offset + i) % rows.size());
			if (row.voter() && cluster.isRunning(row.id())) {
				return row.id();
			}
		}
		return 0;
	}

	private static long parseHint(String detail) {
		try {
			return Long.parseUnsignedLong(detail.split(" ")[0]);
		} catch (NumberFormatException e) {
			return 0;
		}
	}
}
