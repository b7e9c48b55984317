package org.raftforge.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import org.raftforge.cli.launch.History;
import org.raftforge.cli.launch.KvClient;
import org.raftforge.cli.launch.RunningCluster;

/**
 * One measured phase of the benchmark: {@code clients} clients, each with its own session and one write in flight,
 * share {@code ops} puts of fixed-size values over a few keys; every acknowledged put's latency (request to
 * acknowledgement after commit) goes into a histogram. Writes not acknowledged are counted, never timed.
 */
public final class BenchPhase {

	/** What a phase measured. */
	public record Figures(String name, int clients, long acknowledged, long failed, long nanos,
			LatencyHistogram latencies, String firstFailure, java.util.Map<String, Long> retries) {

		/** "busy 12, not-leader 1", or "none". */
		public String retrySummary() {
			if (retries.isEmpty()) {
				return "none";
			}
			StringBuilder text = new StringBuilder();
			retries.forEach((why, count) -> text.append(text.length() == 0 ? "" : ", ").append(why).append(' ')
					.append(count));
			return text.toString();
		}


		public double commitsPerSecond() {
			return nanos == 0 ? 0 : acknowledged / (nanos / 1e9);
		}

		/** One row of the report table. */
		public String row() {
			return String.format(Locale.ROOT, "%-11s %7d %8d %7.2f %10.0f %7.3f %7.3f %7.3f %8.3f %7.3f%s", name, clients,
					acknowledged, nanos / 1e9, commitsPerSecond(), millis(50), millis(90), millis(99), millis(99.9),
					latencies.max() / 1e6, failed > 0 ? "  (" + failed + " not acknowledged)" : "");
		}

		public static String header() {
			return String.format(Locale.ROOT, "%-11s %7s %8s %7s %10s %7s %7s %7s %8s %7s", "phase", "clients",
					"commits", "seconds", "commits/s", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms");
		}

		private double millis(double percentile) {
			return latencies.percentile(percentile) / 1e6;
		}
	}

	private final RunningCluster cluster;
	private final History history;
	private final BenchWorkload workload;

	public BenchPhase(RunningCluster cluster, History history, BenchWorkload workload) {
		this.cluster = cluster;
		this.history = history;
		this.workload = workload;
	}

	/**
	 * @param firstClientId clients are numbered from here (each phase its own sessions)
	 */
	public Figures run(String name, int clients, int ops, long firstClientId) throws InterruptedException {
		AtomicLong next = new AtomicLong();
		List<Worker> workers = new ArrayList<>();
		for (int c = 0; c < clients; c++) {
			workers.add(new Worker(new KvClient(firstClientId + c, cluster, history), next, ops));
		}
		long start = System.nanoTime();
		List<Thread> threads = new ArrayList<>();
		for (Worker worker : workers) {
			Thread thread = new Thread(worker, "bench client " + worker.client.id());
			threads.add(thread);
			thread.start();
		}
		for (Thread thread : threads) {
			thread.join();
		}
		long nanos = System.nanoTime() - start;
		LatencyHistogram all = new LatencyHistogram();
		long acknowledged = 0;
		long failed = 0;
		String firstFailure = "";
		java.util.Map<String, Long> retries = new java.util.TreeMap<>();
		for (Worker worker : workers) {
			worker.client.retries().forEach((why, count) -> retries.merge(why, count, Long::sum));
			all.add(worker.latencies);
			acknowledged += worker.acknowledged;
			failed += worker.failed;
			if (firstFailure.isEmpty()) {
				firstFailure = worker.firstFailure;
			}
		}
		return new Figures(name, clients, acknowledged, failed, nanos, all, firstFailure, retries);
	}

	/** One client: takes the next operation number until {@code ops} are taken. */
	private final class Worker implements Runnable {
		private final KvClient client;
		private final AtomicLong next;
		private final int ops;
		private final LatencyHistogram latencies = new LatencyHistogram();
		private long acknowledged;
		private long failed;
		private String firstFailure = "";

		Worker(KvClient client, AtomicLong next, int ops) {
			this.client = client;
			this.next = next;
			this.ops = ops;
		}

		@Override
		public void run() {
			try {
				for (long op = next.getAndIncrement(); op < ops; op = next.getAndIncrement()) {
					KvClient.Result result = client.put(workload.key(op), workload.value(op));
					if (result.status() == KvClient.Status.DONE) {
						acknowledged++;
						latencies.record(result.nanos());
					} else {
						failed++;
						if (firstFailure.isEmpty()) {
							firstFailure = result.detail();
						}
					}
				}
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}
	}
}
