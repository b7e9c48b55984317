package org.raftforge.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One run of {@code raftforge} in this JVM, as a user runs it (never the wrapper script): exit code, stdout, stderr.
 * Every run is checked for stack traces, which a user must never see.
 */
public record CliRun(int exitCode, String out, String err) {

	/** FILE:LINE:COL: error|warning: MESSAGE [code] */
	public static final Pattern GCC_STYLE = Pattern.compile("^(.+):(\\d+):(\\d+): (error|warning): (.+) \\[([a-z-]+)\\]$");

	/** Runs the command quietly. */
	public static CliRun of(String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int code = RaftForgeCli.run(new PrintWriter(out), new PrintWriter(err), args);
		CliRun run = new CliRun(code, out.toString(), err.toString());
		assertFalse(run.err.contains("\tat ") || run.err.contains("Exception"), "no stack traces: " + run.err);
		return run;
	}

	/** Runs the command and prints it with its output (long launches: the figures end up in the test log). */
	public static CliRun echoed(String... args) {
		CliRun run = of(args);
		System.out.println("$ raftforge " + String.join(" ", args) + "\n" + run.out + run.err + "exit " + run.exitCode);
		return run;
	}

	public List<String> errLines() {
		return err.isEmpty() ? List.of() : List.of(err.split("\n"));
	}

	public static void assertContains(String text, String part) {
		assertTrue(text.contains(part), "expected '" + part + "' in:\n" + text);
	}
}
