package org.raftforge.cli.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The link between the launcher and one process, over pipes: the test plays the node's side of the protocol with
 * the lines a node writes (several requests in flight, replies out of order, events between them, the end).
 */
class ControlLinkTest {

	/** Records what the link reports besides replies. */
	private static final class Recorder implements ControlLink.Listener {
		final List<NodeLine.Event> events = new CopyOnWriteArrayList<>();
		final List<NodeLine> unexpected = new CopyOnWriteArrayList<>();
		final CompletableFuture<IOException> closed = new CompletableFuture<>();

		@Override
		public void onEvent(NodeLine.Event event) {
			events.add(event);
		}

		@Override
		public void onUnexpected(NodeLine line) {
			unexpected.add(line);
		}

		@Override
		public void onClosed(IOException cause) {
			closed.complete(cause);
		}
	}

	/** The node's side: what it reads and what it writes. */
	private static final class NodeSide implements AutoCloseable {
		final PipedInputStream fromLink = new PipedInputStream(1 << 16);
		final PipedOutputStream toLink = new PipedOutputStream();
		final BufferedReader requests;
		final PipedInputStream replies;
		final OutputStream requestSink;

		NodeSide() throws IOException {
			replies = new PipedInputStream(toLink, 1 << 16);
			requestSink = new PipedOutputStream(fromLink);
			requests = new BufferedReader(new InputStreamReader(fromLink, StandardCharsets.US_ASCII));
		}

		void write(String line) throws IOException {
			toLink.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
			toLink.flush();
		}

		@Override
		public void close() throws IOException {
			toLink.close();
		}
	}

	@Test
	void repliesFindTheirRequestsByTagInAnyOrder() throws Exception {
		Recorder recorder = new Recorder();
		List<String> transcript = new CopyOnWriteArrayList<>();
		try (NodeSide node = new NodeSide();
				ControlLink link = new ControlLink("n1", node.replies, node.requestSink, recorder, transcript::add)) {
			CompletableFuture<NodeLine.Reply> put = link.request(0, "put 1 1 color blue");
			CompletableFuture<NodeLine.Reply> get = link.request(0, "get 1 2 color");
			String first = node.requests.readLine();
			String second = node.requests.readLine();
			assertTrue(first.matches("t[0-9a-z]+ put 1 1 color blue"), first);
			assertTrue(second.matches("t[0-9a-z]+ get 1 2 color"), second);
			assertEquals(2, link.inFlight());
			String putTag = first.split(" ")[0];
			String getTag = second.split(" ")[0];
			node.write(getTag + " value blue");
			node.write("event role leader term=2");
			node.write(putTag + " ok");
			assertEquals("blue", new String(get.get(5, TimeUnit.SECONDS).value().orElseThrow(),
					StandardCharsets.US_ASCII));
			assertTrue(put.get(5, TimeUnit.SECONDS).isOk());
			assertEquals(0, link.inFlight());
			assertEquals("role", recorder.events.get(0).kind());
			assertEquals(List.of("> " + first, "> " + second, "< " + getTag + " value blue",
					"< event role leader term=2", "< " + putTag + " ok"), transcript);
		}
	}

	@Test
	void theNodePrefixIsSentForMultiNodeImages() throws Exception {
		try (NodeSide node = new NodeSide();
				ControlLink link = new ControlLink("metal", node.replies, node.requestSink, new Recorder(), null)) {
			CompletableFuture<NodeLine.Reply> status = link.request(3, "status");
			String line = node.requests.readLine();
			assertTrue(line.matches("@3 t[0-9a-z]+ status"), line);
			node.write("@3 " + line.split(" ")[1] + " status id=3 role=follower term=1 leader=5 commit=0 applied=0 "
					+ "last=0 snapshot=0 voters=1,2,3,4,5 learners=-");
			NodeLine.Reply reply = status.get(5, TimeUnit.SECONDS);
			assertEquals(3, reply.node());
			assertEquals(5, reply.status().orElseThrow().leader());
		}
	}

	@Test
	void linesThatAnswerNothingAreReported() throws Exception {
		Recorder recorder = new Recorder();
		try (NodeSide node = new NodeSide();
				ControlLink link = new ControlLink("n1", node.replies, node.requestSink, recorder, null)) {
			node.write("zz9 ok");
			node.write("garbage  line");
			CompletableFuture<NodeLine.Reply> status = link.request(0, "status");
			String tag = node.requests.readLine().split(" ")[0];
			node.write(tag + " status id=1 role=leader term=1 leader=1 commit=3 applied=3 last=3 snapshot=0 voters=1 "
					+ "learners=-");
			status.get(5, TimeUnit.SECONDS);
			assertEquals(2, recorder.unexpected.size());
			assertEquals("zz9 ok", recorder.unexpected.get(0).text());
			assertInstanceOf(NodeLine.Unreadable.class, recorder.unexpected.get(1));
		}
	}

	@Test
	void theEndOfTheChannelFailsWhatIsStillWaiting() throws Exception {
		Recorder recorder = new Recorder();
		NodeSide node = new NodeSide();
		ControlLink link = new ControlLink("n2", node.replies, node.requestSink, recorder, null);
		CompletableFuture<NodeLine.Reply> put = link.request(0, "put 1 1 k v");
		node.requests.readLine();
		node.close(); // the process died: its stdout ends
		ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
				() -> put.get(5, TimeUnit.SECONDS));
		assertInstanceOf(ControlLink.LinkClosedException.class, failure.getCause());
		assertNull(recorder.closed.get(5, TimeUnit.SECONDS));
		assertTrue(link.isClosed());
		CompletableFuture<NodeLine.Reply> late = link.request(0, "status");
		assertInstanceOf(ControlLink.LinkClosedException.class,
				org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () -> late.get(5,
						TimeUnit.SECONDS)).getCause());
		link.close();
	}
}
