package org.raftforge.cli.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import org.raftforge.cli.launch.ClusterView.Liveness;
import org.raftforge.cli.launch.ClusterView.Row;

/** The progress display: the live table, the plain lines, and the view that feeds them. */
class ProgressRendererTest {

	private static final List<LaunchDescription.Node> TRIO = List.of(
			new LaunchDescription.Node(1, "alpha", "voter", "127.0.0.1", 7101, List.of()),
			new LaunchDescription.Node(2, "beta", "voter", "127.0.0.1", 7102, List.of()),
			new LaunchDescription.Node(3, "gamma", "voter", "127.0.0.1", 7103, List.of()),
			new LaunchDescription.Node(4, "delta", "learner", "127.0.0.1", 7104, List.of()));

	private static NodeLine.Event event(String line) {
		return (NodeLine.Event) NodeLine.parse(line);
	}

	private static NodeStatus status(String fields) {
		return ((NodeLine.Reply) NodeLine.parse("t1 status " + fields)).status().orElseThrow();
	}

	@Test
	void tableOfAClusterThatElectedALeader() {
		ClusterView view = new ClusterView(TRIO);
		view.onStatus(1, status("id=1 role=leader term=2 leader=1 commit=7 applied=7 last=7 snapshot=0"));
		view.onStatus(2, status("id=2 role=follower term=2 leader=1 commit=7 applied=6 last=7 snapshot=0"));
		view.onEvent(3, event("event role pre-candidate term=1"));
		view.setLiveness(4, Liveness.KILLED);
		assertEquals(List.of(
				"node   process   role            term   commit  applied  leader",
				"alpha  up        leader             2        7        7  alpha",
				"beta   up        follower           2        7        6  alpha",
				"gamma  starting  pre-candidate      1        ?        ?  ?",
				"delta  killed    -                  ?        ?        ?  -"), ProgressRenderer.table(view.rows()));
		assertEquals("commit: alpha 7, beta 7, gamma ? (delta not running)",
				ProgressRenderer.commitSummary(view.rows()));
	}

	@Test
	void plainLinesOnlyForChangesThatMatter() {
		Row follower = new Row(2, "beta", true, Liveness.UP, "follower", 1, 1, 5, 5);
		List<Row> rows = List.of(new Row(1, "alpha", true, Liveness.UP, "leader", 1, 1, 5, 5), follower);
		Row committed = new Row(2, "beta", true, Liveness.UP, "follower", 1, 1, 9, 9);
		assertEquals(Optional.empty(), ProgressRenderer.change(follower, committed, rows));
		Row candidate = new Row(2, "beta", true, Liveness.UP, "candidate", 2, 1, 9, 9);
		assertEquals(Optional.of("beta: candidate, term 2"), ProgressRenderer.change(committed, candidate, rows));
		Row newLeader = new Row(2, "beta", true, Liveness.UP, "follower", 2, 3, 9, 9);
		assertEquals(Optional.of("beta: follower, term 2, leader node 3"),
				ProgressRenderer.change(candidate, newLeader, rows));
		Row told = new Row(2, "beta", true, Liveness.UP, "follower", 2, 1, 9, 9);
		assertEquals(Optional.of("beta: leader is alpha (term 2)"), ProgressRenderer.change(newLeader, told, rows));
		assertEquals(Optional.of("beta: killed (kill -9)"),
				ProgressRenderer.change(told, told.with(Liveness.KILLED), rows));
	}

	@Test
	void viewFollowsEventsAndStatus() throws InterruptedException {
		ClusterView view = new ClusterView(TRIO);
		assertEquals(Optional.empty(), view.leader());
		view.onEvent(2, event("event role leader term=3"));
		view.onEvent(1, event("event leader 2 term=3"));
		assertEquals(2, view.leader().orElseThrow().id());
		assertEquals(2, view.row(1).leader());
		assertEquals(3, view.row(1).term());
		// an old leader that has not heard of the new term yet loses to the higher term
		view.onStatus(3, status("id=3 role=leader term=2 leader=3 commit=1 applied=1 last=1 snapshot=0"));
		assertEquals(2, view.leader().orElseThrow().id());
		view.setLiveness(2, Liveness.KILLED);
		assertEquals(3, view.leader().orElseThrow().id());
		assertEquals(Optional.empty(), view.awaitLeader(row -> row.term() > 3, 50));
	}

	@Test
	void plainPrinterStampsMessagesAndChanges() {
		StringWriter text = new StringWriter();
		ProgressPrinter printer = new ProgressPrinter(new PrintWriter(text), false, System.nanoTime());
		ClusterView view = new ClusterView(TRIO);
		view.addListener(printer::update);
		printer.update(view.rows());
		printer.say("workload: 6 steps");
		view.onEvent(1, event("event role leader term=1"));
		view.onStatus(1, status("id=1 role=leader term=1 leader=1 commit=2 applied=2 last=2 snapshot=0"));
		String[] lines = text.toString().split("\n");
		assertEquals(3, lines.length, text.toString());
		assertTrue(lines[0].matches("\\[ +\\d+\\.\\d\\d s\\] workload: 6 steps"), lines[0]);
		assertTrue(lines[1].endsWith("] alpha: leader, term 1"), lines[1]);
		assertTrue(lines[2].endsWith("] alpha: up"), lines[2]);
	}

	@Test
	void tablePrinterRedrawsInPlace() {
		StringWriter text = new StringWriter();
		ProgressPrinter printer = new ProgressPrinter(new PrintWriter(text), true, System.nanoTime());
		ClusterView view = new ClusterView(TRIO.subList(0, 1));
		printer.update(view.rows());
		printer.say("leader: alpha");
		String out = text.toString();
		String table = "node   process   role            term   commit  applied  leader\n"
				+ "alpha  starting  follower           ?        ?        ?  ?\n";
		// drawn, then moved up over its 2 lines and cleared, the message, the table again
		assertEquals(table + "\u001b[2F\u001b[J" + "leader: alpha\n" + table, out);
	}
}
