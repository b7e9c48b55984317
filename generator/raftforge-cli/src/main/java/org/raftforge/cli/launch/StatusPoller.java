package org.raftforge.cli.launch;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks every running node for its {@code status} at a steady pace and feeds the answers into the view: events say
 * when roles and leaders change, but only status carries the commit index (and nodes of a model with log level
 * {@code none} write no events at all).
 */
public final class StatusPoller implements AutoCloseable {

	private final RunningCluster cluster;
	private final long intervalMillis;
	private final Thread thread;
	private volatile boolean running = true;

	public StatusPoller(RunningCluster cluster, long intervalMillis) {
		this.cluster = cluster;
		this.intervalMillis = intervalMillis;
		this.thread = new Thread(this::loop, "status poller");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	private void loop() {
		while (running) {
			refresh(cluster);
			try {
				Thread.sleep(intervalMillis);
			} catch (InterruptedException e) {
				return;
			}
		}
	}

	/** One round over the running nodes. */
	public static void refresh(RunningCluster cluster) {
		for (ClusterView.Row row : cluster.view().rows()) {
			if (!row.liveness().running() || !cluster.isRunning(row.id())) {
				continue;
			}
			try {
				NodeLine.Reply reply = cluster.request(row.id(), "status").get(1000, TimeUnit.MILLISECONDS);
				ClusterView.Row now = cluster.view().row(row.id());
				if (now.liveness().running()) {
					reply.status().ifPresent(status -> cluster.view().onStatus(row.id(), status));
				}
			} catch (ExecutionException | TimeoutException e) {
				// the node stopped or is busy; its end is reported by the cluster, a slow answer is no news
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	@Override
	public void close() {
		running = false;
		thread.interrupt();
		try {
			thread.join(2000);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
