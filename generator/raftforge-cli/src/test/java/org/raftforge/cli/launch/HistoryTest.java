package org.raftforge.cli.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client history and its check by the runtime's own linearizability checker, compiled from the sources this jar
 * carries (as a launch does): a correct history passes, a lost write fails the launch and the file is kept.
 */
class HistoryTest {

	@TempDir
	static Path tools;

	@TempDir
	Path run;

	private static LincheckTool lincheck;

	@BeforeAll
	static void buildTheChecker() throws LincheckTool.UnavailableException {
		lincheck = LincheckTool.prepare(tools);
	}

	private static byte[] b(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/** A clock the test moves by hand (microseconds). */
	private final AtomicLong clock = new AtomicLong();

	private History.Pending at(History history, long micros, long client, History.Kind kind, String key, String value) {
		clock.set(micros);
		return history.invoke(client, kind, b(key), value == null ? null : b(value));
	}

	@Test
	void linesInTheCheckersFormat() {
		History history = new History(clock::get);
		History.Pending put = at(history, 100, 1, History.Kind.PUT, "color", "light blue");
		clock.set(180);
		put.completed(History.Result.OK, null);
		History.Pending get = at(history, 200, 2, History.Kind.GET, "color", null);
		clock.set(260);
		get.completed(History.Result.OK, b("light blue"));
		at(history, 300, 3, History.Kind.DEL, "color", null).unknown();
		History.Pending absent = at(history, 400, 2, History.Kind.GET, "color", null);
		clock.set(450);
		absent.completed(History.Result.ABSENT, null);
		at(history, 500, 1, History.Kind.PUT, "shape", "").unknown();
		at(history, 600, 1, History.Kind.PUT, "shape", "x").refused();
		assertEquals("# client invoke response op key ... (microseconds)\n"
				+ "1 100 180 put color light%20blue\n"
				+ "2 200 260 get color value light%20blue\n"
				+ "3 300 pending del color unknown\n"
				+ "2 400 450 get color absent\n"
				+ "1 500 pending put shape %\n", history.text());
	}

	@Test
	void anOperationEndsOnce() {
		History history = new History(clock::get);
		History.Pending put = at(history, 1, 1, History.Kind.PUT, "k", "v");
		put.completed(History.Result.OK, null);
		assertThrows(IllegalStateException.class, put::unknown);
		assertThrows(IllegalArgumentException.class, () -> history.invoke(1, History.Kind.PUT, b("k"), null));
	}

	@Test
	void aCorrectHistoryIsLinearizable() throws Exception {
		History history = new History(clock::get);
		History.Pending put = at(history, 100, 1, History.Kind.PUT, "x", "1");
		History.Pending get = at(history, 150, 2, History.Kind.GET, "x", null); // concurrent with the put
		clock.set(200);
		get.completed(History.Result.ABSENT, null);
		clock.set(250);
		put.completed(History.Result.OK, null);
		History.Pending later = at(history, 300, 2, History.Kind.GET, "x", null);
		clock.set(350);
		later.completed(History.Result.OK, b("1"));
		LaunchOutcome outcome = new LaunchOutcome();
		StringWriter text = new StringWriter();
		LincheckTool.Verdict verdict = HistoryCheck.check(history, run, lincheck, outcome,
				new ProgressPrinter(new PrintWriter(text), false, System.nanoTime()));
		assertTrue(verdict.linearizable(), verdict.output());
		assertTrue(outcome.ok());
		assertTrue(text.toString().contains("history: 3 operations; linearizable: 3 operations on 1 keys"),
				text.toString());
	}

	@Test
	void aLostWriteFailsTheLaunchAndTheHistoryStays() throws Exception {
		History history = new History(clock::get);
		History.Pending put = at(history, 100, 1, History.Kind.PUT, "x", "1");
		clock.set(200);
		put.completed(History.Result.OK, null);
		// read after the acknowledgement, and the value is gone
		History.Pending get = at(history, 300, 2, History.Kind.GET, "x", null);
		clock.set(400);
		get.completed(History.Result.ABSENT, null);
		LaunchOutcome outcome = new LaunchOutcome();
		LincheckTool.Verdict verdict = HistoryCheck.check(history, run, lincheck, outcome,
				new ProgressPrinter(new PrintWriter(new StringWriter()), false, System.nanoTime()));
		assertEquals(1, verdict.status(), verdict.output());
		assertTrue(verdict.summary().startsWith("NOT linearizable"), verdict.summary());
		assertEquals(org.raftforge.cli.ExitCodes.LAUNCH_FAILED, outcome.exitCode());
		Path saved = run.resolve("history.txt");
		assertEquals("the history is not linearizable; it is saved in " + saved, outcome.failures().get(0));
		assertEquals(history.text(), Files.readString(saved));
	}

	@Test
	void aWriteWithoutAnswerMayHaveHappened() throws Exception {
		History history = new History(clock::get);
		at(history, 100, 1, History.Kind.PUT, "x", "1").unknown(); // the leader died with it
		History.Pending get = at(history, 300, 2, History.Kind.GET, "x", null);
		clock.set(400);
		get.completed(History.Result.OK, b("1"));
		history.write(run.resolve("h.txt"));
		assertEquals(0, lincheck.check(run.resolve("h.txt")).status());
	}

	@Test
	void theCheckerRefusesAMalformedHistory() throws IOException, InterruptedException {
		Path file = run.resolve("broken.txt");
		Files.writeString(file, "1 100 50 put x 1\n");
		LincheckTool.Verdict verdict = lincheck.check(file);
		assertEquals(2, verdict.status());
		assertTrue(verdict.summary().startsWith("the checker could not read the history"), verdict.summary());
	}

	@Test
	void theCheckerIsBuiltOnceAndFoundAfterwards() throws LincheckTool.UnavailableException {
		assertEquals(lincheck.executable(), LincheckTool.prepare(tools).executable());
		assertTrue(Files.isExecutable(lincheck.executable()));
	}

	@Test
	void aRelaunchContinuesTheEarlierHistoryAfterItsLatestTime() throws Exception {
		String earlier = "# client invoke response op key ... (microseconds)\n"
				+ "1 10 20 put k v\n"
				+ "1 30 pending put k w\n"
				+ "1 40 900 get k value v\n";
		assertEquals(900, History.latestTime(earlier));
		History history = new History(earlier);
		history.invoke(1001, History.Kind.GET, b("k"), null).completed(History.Result.OK, b("w"));
		assertEquals(3, history.earlierOperations());
		assertEquals(1, history.operations().size());
		String[] lines = history.text().split("\n");
		assertEquals(5, lines.length, history.text());
		assertEquals("1 30 pending put k w", lines[2]);
		assertTrue(lines[4].startsWith("1001 "), lines[4]);
		assertTrue(Long.parseLong(lines[4].split(" ")[1]) > 900, "after every earlier time: " + lines[4]);
		// the earlier unanswered write took effect later: the whole history is linearizable
		Path file = run.resolve("history.txt");
		history.write(file);
		assertTrue(lincheck.check(file).linearizable(), Files.readString(file));
	}

	@Test
	void aDamagedEarlierHistoryNamesItsLine() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> History.latestTime("# header\n1 10 20 put k v\n1 x 30 get k absent\n"));
		assertEquals("3: error: not an operation 'CLIENT INVOKE RESPONSE OP KEY ...' of the checker's history format",
				e.getMessage());
	}
}
