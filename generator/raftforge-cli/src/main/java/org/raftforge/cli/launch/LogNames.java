package org.raftforge.cli.launch;

/** File names made from model names (node, process), which are identifiers but may come from any launch.json. */
final class LogNames {

	private LogNames() {
	}

	static String safe(String name) {
		String safe = name.replaceAll("[^A-Za-z0-9_.-]", "_");
		return safe.isEmpty() || safe.startsWith(".") ? "_" + safe : safe;
	}
}
