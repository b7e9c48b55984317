package org.raftforge.generator.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts a generated variant's native processes from its launch.json, as a launcher does
 * (docs/launch-description.md): ${out} and ${run} substituted, each process in its cwd.
 */
final class Launch {

	/** One process of targets.native.processes. */
	record ProcessSpec(String name, List<String> argv, Path cwd, List<Integer> nodes) {
	}

	final Map<String, Object> description;
	final Path out;
	final Path run;
	final boolean nodePrefix;
	final List<ProcessSpec> processes = new ArrayList<>();

	Launch(Path variantDirectory, Path runDirectory) throws IOException {
		this.out = variantDirectory.toAbsolutePath();
		this.run = runDirectory.toAbsolutePath();
		this.description = MiniJson.object(MiniJson.parse(Files.readString(out.resolve("launch.json"))));
		Map<String, Object> nativeTarget = MiniJson.object(MiniJson.object(description.get("targets")).get("native"));
		this.nodePrefix = (Boolean) MiniJson.object(nativeTarget.get("control")).get("node_prefix");
		for (Object p : MiniJson.array(nativeTarget.get("processes"))) {
			Map<String, Object> process = MiniJson.object(p);
			List<String> argv = MiniJson.array(process.get("argv")).stream().map(a -> substitute((String) a)).toList();
			List<Integer> nodes = MiniJson.array(process.get("nodes")).stream().map(n -> ((Long) n).intValue())
					.toList();
			processes.add(new ProcessSpec((String) process.get("name"), argv,
					Path.of(substitute((String) process.get("cwd"))), nodes));
		}
	}

	private String substitute(String text) {
		return text.replace("${out}", out.toString()).replace("${run}", run.toString());
	}

	long timing(String key) {
		return (Long) MiniJson.object(description.get("timing")).get(key);
	}

	List<Map<String, Object>> nodes() {
		return MiniJson.array(description.get("nodes")).stream().map(MiniJson::object).toList();
	}

	String storageDirectory() {
		return (String) MiniJson.object(description.get("storage")).get("directory");
	}

	/** Starts every process (cwd created when missing). */
	List<NodeProcess> start() throws IOException {
		List<NodeProcess> started = new ArrayList<>();
		for (ProcessSpec spec : processes) {
			Files.createDirectories(spec.cwd());
			started.add(new NodeProcess(spec.name(), spec.argv(), spec.cwd()));
		}
		return started;
	}

	/** Starts the process of one spec. */
	NodeProcess start(ProcessSpec spec) throws IOException {
		Files.createDirectories(spec.cwd());
		return new NodeProcess(spec.name(), spec.argv(), spec.cwd());
	}
}
