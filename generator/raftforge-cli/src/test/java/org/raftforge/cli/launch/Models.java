package org.raftforge.cli.launch;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Random;

/**
 * The example models for end-to-end runs, copied with their node ports moved to a block that is free right now:
 * other test runs on this machine may launch the same examples at the same time.
 */
public final class Models {

	public static final Path EXAMPLES = Paths.get(System.getProperty("raftforge.examples", "../../examples"));

	private static final Random RANDOM = new Random();

	private Models() {
	}

	/**
	 * Copies {@code examples/<relative>} into {@code folder}, with the {@code count} ports from {@code firstPort}
	 * (written {@code :PORT} in the model) moved to a free block.
	 */
	public static Path withFreePorts(String relative, int firstPort, int count, Path folder) throws IOException {
		String text = Files.readString(EXAMPLES.resolve(relative), StandardCharsets.UTF_8);
		int base = freeBlock(count);
		for (int i = 0; i < count; i++) {
			String old = ":" + (firstPort + i);
			if (!text.contains(old + " ") && !text.contains(old + "\n")) {
				throw new IllegalArgumentException(relative + " has no port " + (firstPort + i));
			}
			text = text.replace(old + " ", ":" + (base + i) + " ").replace(old + "\n", ":" + (base + i) + "\n");
		}
		Path file = folder.resolve(Paths.get(relative).getFileName());
		Files.writeString(file, text, StandardCharsets.UTF_8);
		return file;
	}

	/** A block of UDP ports on loopback that nothing binds at the moment. */
	public static int freeBlock(int count) throws IOException {
		for (int attempt = 0; attempt < 200; attempt++) {
			int base = 20_000 + RANDOM.nextInt(30_000);
			boolean free = true;
			for (int i = 0; i < count && free; i++) {
				try (DatagramSocket socket = new DatagramSocket(null)) {
					socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), base + i));
				} catch (IOException e) {
					free = false;
				}
			}
			if (free) {
				return base;
			}
		}
		throw new IOException("no free block of " + count + " UDP ports");
	}
}
