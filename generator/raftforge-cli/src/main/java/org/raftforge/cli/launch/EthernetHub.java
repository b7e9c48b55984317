package org.raftforge.cli.launch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The Ethernet segment of a QEMU launch: the {@code ethhub} process of launch.json's {@code targets.qemu.hub}, which
 * joins the nodes' LAN9118s (QEMU {@code -netdev dgram}) and cuts or heals links on command. Commands go to its stdin
 * one line each; it answers with data lines and then one line starting with {@code ok} or {@code error: }
 * (runtime/tools/ethhub/README.md). Everything it says is also kept in the run directory's log.
 */
public final class EthernetHub implements AutoCloseable {

	/** The hub refused a command, or does not answer. */
	public static final class HubException extends IOException {
		private static final long serialVersionUID = 1L;

		HubException(String message) {
			super(message);
		}
	}

	private static final String END = "(end of output)";

	private final Process process;
	private final OutputStream commands;
	private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
	private final Path log;

	private EthernetHub(Process process, Path log) {
		this.process = process;
		this.commands = process.getOutputStream();
		this.log = log;
	}

	/**
	 * Starts the hub and waits for its ready line ({@code ready ports=N}).
	 *
	 * @throws IOException when it cannot start or does not get ready in time (with what it said)
	 */
	public static EthernetHub start(List<String> argv, Path cwd, String readyLine, Path log, long readyMillis)
			throws IOException, InterruptedException {
		Files.createDirectories(log.getParent());
		Process process;
		try {
			process = new ProcessBuilder(argv).directory(cwd.toFile()).redirectErrorStream(true).start();
		} catch (IOException e) {
			throw new IOException("cannot start the Ethernet hub " + argv.get(0) + ": " + e.getMessage());
		}
		EthernetHub hub = new EthernetHub(process, log);
		Thread reader = new Thread(hub::readLines, "ethhub output");
		reader.setDaemon(true);
		reader.start();
		long deadline = System.nanoTime() + readyMillis * 1_000_000L;
		List<String> said = new ArrayList<>();
		for (long left; (left = deadline - System.nanoTime()) > 0;) {
			String line = hub.lines.poll(left, TimeUnit.NANOSECONDS);
			if (line == null || line.equals(END)) {
				break;
			}
			if (line.equals(readyLine)) {
				return hub;
			}
			said.add(line);
		}
		hub.close();
		throw new IOException("the Ethernet hub (" + String.join(" ", argv) + ") did not get ready"
				+ (said.isEmpty() ? "" : ": " + String.join(" | ", said)));
	}

	private void readLines() {
		try (BufferedReader in = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
				PrintWriter file = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
			for (String line; (line = in.readLine()) != null;) {
				file.println("< " + line);
				lines.add(line);
			}
		} catch (IOException e) {
			// the hub is gone: the pending command sees the end below
		}
		lines.add(END);
	}

	/**
	 * Sends one command and returns the data lines of its answer.
	 *
	 * @throws HubException when the hub answers {@code error: ...} or not within two seconds
	 */
	public synchronized List<String> command(String command) throws IOException, InterruptedException {
		lines.clear(); // nothing unsolicited is expected; a late line of an earlier answer is not this one's
		try {
			commands.write((command + "\n").getBytes(StandardCharsets.US_ASCII));
			commands.flush();
		} catch (IOException e) {
			throw new HubException("the Ethernet hub is not running (" + e.getMessage() + ")");
		}
		List<String> data = new ArrayList<>();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
		for (long left; (left = deadline - System.nanoTime()) > 0;) {
			String line = lines.poll(left, TimeUnit.NANOSECONDS);
			if (line == null) {
				break;
			}
			if (line.equals(END)) {
				throw new HubException("the Ethernet hub stopped while answering '" + command + "'");
			}
			if (line.equals("ok") || line.startsWith("ok ")) {
				return data;
			}
			if (line.startsWith("error: ")) {
				throw new HubException("the Ethernet hub refused '" + command + "': " + line.substring(7));
			}
			data.add(line);
		}
		throw new HubException("the Ethernet hub did not answer '" + command + "' within 2 s");
	}

	public boolean isAlive() {
		return process.isAlive();
	}

	/** End of its input stops the hub (it removes its sockets); it is killed if it does not. */
	@Override
	public void close() {
		try {
			commands.close();
		} catch (IOException e) {
			// already gone
		}
		try {
			if (!process.waitFor(2, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				process.waitFor(2, TimeUnit.SECONDS);
			}
		} catch (InterruptedException e) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}
}
