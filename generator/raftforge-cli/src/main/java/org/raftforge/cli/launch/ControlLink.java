package org.raftforge.cli.launch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One process's control channel (a native node's stdin/stdout; a QEMU node's UART socket): writes request lines,
 * reads reply and event lines on its own thread, and matches replies to requests by tag, so that many requests can
 * be in flight. When the channel closes (the process died or stopped), every request still waiting fails with
 * {@link LinkClosedException}: its outcome is unknown.
 */
public final class ControlLink implements AutoCloseable {

	/** Why a request got no reply. */
	public static final class LinkClosedException extends IOException {
		private static final long serialVersionUID = 1L;

		LinkClosedException(String message) {
			super(message);
		}
	}

	/** What the link reports besides replies. */
	public interface Listener {
		void onEvent(NodeLine.Event event);

		/** A line that is no reply, no event, or a reply whose tag no request carries. */
		void onUnexpected(NodeLine line);

		/** End of the channel; {@code cause} is null on a clean end of file. */
		void onClosed(IOException cause);
	}

	private final String name;
	private final OutputStream requests;
	private final Listener listener;
	private final Map<String, CompletableFuture<NodeLine.Reply>> waiting = new ConcurrentHashMap<>();
	private final AtomicLong nextTag = new AtomicLong(1);
	private final Thread reader;
	private final Consumer<String> transcript;
	private volatile boolean closed;

	/**
	 * @param name       for messages and the reader thread (the process's name)
	 * @param replies    what the process writes
	 * @param requests   what the process reads
	 * @param transcript gets every line in both directions, "&gt; " for requests and "&lt; " for the rest (or null)
	 */
	public ControlLink(String name, InputStream replies, OutputStream requests, Listener listener,
			Consumer<String> transcript) {
		this.name = name;
		this.requests = requests;
		this.listener = listener;
		this.transcript = transcript;
		this.reader = new Thread(() -> readLines(replies), "control " + name);
		this.reader.setDaemon(true);
		this.reader.start();
	}

	public String name() {
		return name;
	}

	/**
	 * Sends {@code [@node ]TAG REQUEST} with a fresh tag.
	 *
	 * @param node    the {@code @} prefix for multi-node images, 0 for none
	 * @param request the verb and its arguments, e.g. {@code put 1 7 key value}
	 * @return completes with the reply, or exceptionally with {@link LinkClosedException}
	 */
	public CompletableFuture<NodeLine.Reply> request(long node, String request) {
		String tag = "t" + Long.toString(nextTag.getAndIncrement(), 36);
		CompletableFuture<NodeLine.Reply> reply = new CompletableFuture<>();
		waiting.put(tag, reply);
		String line = (node != 0 ? "@" + node + " " : "") + tag + " " + request;
		try {
			send(line);
		} catch (IOException e) {
			waiting.remove(tag);
			reply.completeExceptionally(new LinkClosedException(name + ": cannot send (" + e.getMessage() + ")"));
		}
		if (closed) {
			failWaiting(name + ": the control channel closed");
		}
		return reply;
	}

	private void send(String line) throws IOException {
		if (closed) {
			throw new IOException("the control channel is closed");
		}
		byte[] bytes = (line + "\n").getBytes(StandardCharsets.US_ASCII);
		synchronized (requests) {
			requests.write(bytes);
			requests.flush();
		}
		if (transcript != null) {
			transcript.accept("> " + line);
		}
	}

	/** Requests still waiting for their reply. */
	public int inFlight() {
		return waiting.size();
	}

	public boolean isClosed() {
		return closed;
	}

	private void readLines(InputStream replies) {
		IOException cause = null;
		try (BufferedReader in = new BufferedReader(new InputStreamReader(replies, StandardCharsets.ISO_8859_1))) {
			String line;
			while ((line = in.readLine()) != null) {
				if (transcript != null) {
					transcript.accept("< " + line);
				}
				dispatch(NodeLine.parse(line));
			}
		} catch (IOException e) {
			cause = e;
		} catch (UncheckedIOException e) {
			cause = e.getCause();
		}
		closed = true;
		failWaiting(name + ": the control channel closed (the process stopped)");
		listener.onClosed(cause);
	}

	private void dispatch(NodeLine line) {
		if (line instanceof NodeLine.Event event) {
			listener.onEvent(event);
		} else if (line instanceof NodeLine.Reply reply) {
			CompletableFuture<NodeLine.Reply> request = waiting.remove(reply.tag());
			if (request != null) {
				request.complete(reply);
			} else {
				listener.onUnexpected(reply);
			}
		} else {
			listener.onUnexpected(line);
		}
	}

	private void failWaiting(String why) {
		for (String tag : waiting.keySet()) {
			CompletableFuture<NodeLine.Reply> request = waiting.remove(tag);
			if (request != null) {
				request.completeExceptionally(new LinkClosedException(why));
			}
		}
	}

	/** Closes the request side (a native node stops at end of input); replies still arrive until the process ends. */
	@Override
	public void close() {
		try {
			synchronized (requests) {
				requests.close();
			}
		} catch (IOException e) {
			// the process is gone already
		}
	}

	/** Waits for the reader to see the end of the channel. */
	public boolean awaitEnd(long millis) throws InterruptedException {
		reader.join(millis);
		return !reader.isAlive();
	}
}
