package org.raftforge.cli.launch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Lines as nodes write them (runtime/docs/control-protocol.md, and lines seen from the native node program). */
class NodeLineTest {

	private static NodeLine.Reply reply(String line) {
		return assertInstanceOf(NodeLine.Reply.class, NodeLine.parse(line));
	}

	private static NodeLine.Event event(String line) {
		return assertInstanceOf(NodeLine.Event.class, NodeLine.parse(line));
	}

	@Test
	void replies() {
		NodeLine.Reply ok = reply("a1 ok");
		assertEquals("a1", ok.tag());
		assertTrue(ok.isOk());
		assertEquals(0, ok.node());

		NodeLine.Reply value = reply("a3 value hello%20world");
		assertArrayEquals("hello world".getBytes(StandardCharsets.US_ASCII), value.value().orElseThrow());
		assertArrayEquals(new byte[0], reply("t9 value %").value().orElseThrow());
		assertTrue(reply("a4 not-found").isNotFound());

		NodeLine.Reply notLeader = reply("a7 err not-leader 2");
		assertTrue(notLeader.isError());
		assertEquals("not-leader", notLeader.errorCode());
		assertEquals("2", notLeader.errorDetail());

		NodeLine.Reply bad = reply("t6 err bad-request unknown-verb col=4");
		assertEquals("bad-request", bad.errorCode());
		assertEquals("unknown-verb col=4", bad.errorDetail());
		assertEquals("", reply("t7 err timeout").errorDetail());
		assertEquals("", ok.errorCode());
	}

	@Test
	void status() {
		NodeStatus status = reply("a5 status id=1 role=leader term=2 leader=1 commit=67 applied=67 last=67 snapshot=64 "
				+ "voters=1,2,3 learners=-").status().orElseThrow();
		assertEquals(new NodeStatus(1, "leader", 2, 1, 67, 67, 67, 64, List.of(1L, 2L, 3L), List.of()), status);
		assertTrue(status.isLeader());
		NodeStatus learner = reply("s status id=4 role=learner term=1 leader=1 commit=9 applied=9 last=9 snapshot=0 "
				+ "voters=1,2,3 learners=4").status().orElseThrow();
		assertEquals(List.of(4L), learner.learners());
		assertFalse(learner.isLeader());
	}

	@Test
	void events() {
		NodeLine.Event role = event("event role candidate term=3");
		assertEquals("role", role.kind());
		assertEquals("candidate", role.word(0));
		assertEquals(3, role.longField("term", -1));

		NodeLine.Event leader = event("event leader 5 term=1");
		assertEquals("5", leader.word(0));
		assertEquals(1, leader.longField("term", -1));

		NodeLine.Event snapshot = event("event snapshot index=64 term=2");
		assertEquals(64, snapshot.longField("index", -1));
		assertEquals(-1, snapshot.longField("missing", -1));

		NodeLine.Event membership = event("event membership voters=1,2,3,4,5 learners=-");
		assertEquals("1,2,3,4,5", membership.fields().get("voters"));

		NodeLine.Event fatal = event("event fatal storage-load corrupt why=raft_node_2_log.bin%20at%20byte%204113");
		assertEquals(List.of("storage-load", "corrupt"), fatal.words());
		assertEquals("raft_node_2_log.bin at byte 4113",
				new String(PercentEncoding.decode(fatal.fields().get("why")), StandardCharsets.US_ASCII));

		assertEquals("crc-mismatch", event("event bad-frame from=3 crc-mismatch").word(0));
		// kinds a later runtime may add are read the same way
		assertEquals("weather", event("event weather sunny degrees=21").kind());
	}

	@Test
	void multiNodeImagesPrefixEveryLine() {
		NodeLine.Reply reply = reply("@3 t1 ok");
		assertEquals(3, reply.node());
		assertEquals("t1", reply.tag());
		NodeLine.Event event = event("@5 event role leader term=1");
		assertEquals(5, event.node());
		assertEquals("leader", event.word(0));
	}

	@Test
	void linesOutsideTheGrammarAreKeptWithTheReason() {
		assertEquals("empty line", unreadable("").why());
		assertEquals("leading, trailing or doubled space", unreadable("t1  ok").why());
		assertEquals("leading, trailing or doubled space", unreadable("t1 ok ").why());
		assertEquals("character U+0009 at column 3 (lines are printable ASCII)", unreadable("t1\tok").why());
		assertEquals("character U+00E9 at column 4 (lines are printable ASCII)", unreadable("t1 é").why());
		assertEquals("bad node prefix @x", unreadable("@x t1 ok").why());
		assertEquals("bad node prefix @0", unreadable("@0 t1 ok").why());
		assertEquals("bad node prefix @4294967296", unreadable("@4294967296 t1 ok").why());
		assertEquals("a reply has a tag and a result; an event a kind", unreadable("ok").why());
		assertEquals("a reply has a tag and a result; an event a kind", unreadable("@2 event").why());
		// a carriage return before the line end is accepted
		assertTrue(reply("t1 ok\r").isOk());
	}

	private static NodeLine.Unreadable unreadable(String line) {
		NodeLine.Unreadable unreadable = assertInstanceOf(NodeLine.Unreadable.class, NodeLine.parse(line));
		assertEquals(line, unreadable.text());
		return unreadable;
	}
}
