package org.raftforge.generator.output;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Renders Graphviz text to SVG with the {@code dot} program when it is installed; without it the output simply has
 * no SVG (its README says how to make one).
 */
public final class GraphvizRenderer {

	private static final long TIMEOUT_SECONDS = 20;

	private final String dotCommand;

	public GraphvizRenderer() {
		this("dot");
	}

	public GraphvizRenderer(String dotCommand) {
		this.dotCommand = dotCommand;
	}

	/** The SVG, or empty when dot is missing or fails. */
	public Optional<byte[]> toSvg(String dotText) {
		Process process;
		try {
			process = new ProcessBuilder(dotCommand, "-Tsvg").redirectError(ProcessBuilder.Redirect.DISCARD).start();
		} catch (IOException e) {
			return Optional.empty(); // not installed
		}
		try (OutputStream in = process.getOutputStream()) {
			in.write(dotText.getBytes(StandardCharsets.UTF_8));
		} catch (IOException e) {
			process.destroyForcibly();
			return Optional.empty();
		}
		try (InputStream out = process.getInputStream()) {
			byte[] svg = out.readAllBytes();
			if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return Optional.empty();
			}
			return process.exitValue() == 0 && svg.length > 0 ? Optional.of(svg) : Optional.empty();
		} catch (IOException e) {
			process.destroyForcibly();
			return Optional.empty();
		} catch (InterruptedException e) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
			return Optional.empty();
		}
	}
}
