package org.raftforge.cli.launch;

import java.nio.file.Path;

/** The two placeholders of launch.json paths: {@code ${out}} (the variant's folder) and {@code ${run}} (this run's). */
public record Placeholders(Path out, Path run) {

	public Placeholders {
		out = out.toAbsolutePath().normalize();
		run = run.toAbsolutePath().normalize();
	}

	public String expand(String text) {
		return text.replace("${out}", out.toString()).replace("${run}", run.toString());
	}
}
