package org.raftforge.generator.output;

import java.nio.charset.StandardCharsets;

/**
 * One file of a variant's output.
 *
 * @param path       relative to the variant's directory, '/'-separated
 * @param content    the exact bytes
 * @param executable set the executable bits (scripts)
 */
public record GeneratedFile(String path, byte[] content, boolean executable) {

	public static GeneratedFile text(String path, CharSequence text) {
		return new GeneratedFile(path, text.toString().getBytes(StandardCharsets.UTF_8), false);
	}

	public static GeneratedFile script(String path, CharSequence text) {
		return new GeneratedFile(path, text.toString().getBytes(StandardCharsets.UTF_8), true);
	}

	public String contentAsText() {
		return new String(content, StandardCharsets.UTF_8);
	}
}
