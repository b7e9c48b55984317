package org.raftforge.generator.tests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A generated node program run as a real process, driven over its control channel (stdin/stdout lines); stderr is
 * collected for messages. Every line the process wrote is kept, for failure messages.
 */
final class NodeProcess implements AutoCloseable {

	private final String name;
	private final Process process;
	private final OutputStream stdin;
	private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
	private final List<String> seen = new ArrayList<>();
	private final StringBuffer stderr = new StringBuffer();
	private final Thread stdoutReader;
	private final Thread stderrReader;

	NodeProcess(String name, List<String> argv, Path cwd) throws IOException {
		this.name = name;
		this.process = new ProcessBuilder(argv).directory(cwd.toFile()).start();
		this.stdin = process.getOutputStream();
		stdoutReader = new Thread(() -> pump(new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII)), true), name + "-out");
		stderrReader = new Thread(() -> pump(new BufferedReader(
				new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)), false), name + "-err");
		stdoutReader.setDaemon(true);
		stderrReader.setDaemon(true);
		stdoutReader.start();
		stderrReader.start();
	}

	private void pump(BufferedReader reader, boolean toLines) {
		try {
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				if (toLines) {
					lines.add(line);
				} else {
					stderr.append(line).append('\n');
				}
			}
		} catch (IOException e) {
			// the process went away: what it wrote is kept
		}
	}

	String name() {
		return name;
	}

	void send(String line) throws IOException {
		stdin.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
		stdin.flush();
	}

	/** Closes stdin: the node sees end of input. */
	void closeInput() throws IOException {
		stdin.close();
	}

	/** The next line (skipping others) that matches, or null after {@code timeoutMs}. */
	String await(Predicate<String> wanted, long timeoutMs) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
		while (true) {
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				return null;
			}
			String line = lines.poll(left, TimeUnit.NANOSECONDS);
			if (line == null) {
				return null;
			}
			synchronized (seen) {
				seen.add(line);
			}
			if (wanted.test(line)) {
				return line;
			}
		}
	}

	/** The reply to the request tagged {@code tag} (optionally prefixed "@id "). */
	String reply(String tag, long timeoutMs) throws InterruptedException {
		return await(line -> line.startsWith(tag + " ") || line.matches("@\\d+ " + java.util.regex.Pattern.quote(tag)
				+ " .*"), timeoutMs);
	}

	/** Exit status, or -1 when still running after {@code timeoutMs}; once it exited, all it wrote is read. */
	int waitFor(long timeoutMs) throws InterruptedException {
		if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
			return -1;
		}
		stdoutReader.join(timeoutMs);
		stderrReader.join(timeoutMs);
		return process.exitValue();
	}

	boolean alive() {
		return process.isAlive();
	}

	long pid() {
		return process.pid();
	}

	String stderr() {
		return stderr.toString();
	}

	/** What the process wrote so far, for failure messages. */
	String transcript() {
		synchronized (seen) {
			return name + " stdout:\n  " + String.join("\n  ", seen) + "\n" + name + " stderr:\n  "
					+ stderr.toString().replace("\n", "\n  ");
		}
	}

	@Override
	public void close() {
		if (process.isAlive()) {
			process.destroyForcibly();
			try {
				process.waitFor(5, TimeUnit.SECONDS);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}
	}
}
