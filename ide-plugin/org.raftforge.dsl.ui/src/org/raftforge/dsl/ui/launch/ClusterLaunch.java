package org.raftforge.dsl.ui.launch;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.FileLocator;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.Status;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.raftforge.dsl.ui.RaftUiPlugin;
import org.raftforge.dsl.ui.builder.ModelGeneration;

/**
 * A "RaftForge Cluster" launch configuration: its attributes and the `raftforge launch`
 * command line they stand for. The command is the RaftForge command line bundled with
 * this plugin (run with the IDE's Java), or the one the configuration names.
 */
public final class ClusterLaunch {

	public static final String TYPE = "org.raftforge.dsl.ui.cluster";

	/** Workspace path of the .raft model, e.g. /project/cluster.raft. */
	public static final String MODEL = "org.raftforge.launch.model";
	/** Variant name; empty for the model's default variant. */
	public static final String VARIANT = "org.raftforge.launch.variant";
	/** "native", "qemu", or empty for the variant's own target. */
	public static final String TARGET = "org.raftforge.launch.target";
	/** "kill-leader", or empty for no chaos. */
	public static final String CHAOS = "org.raftforge.launch.chaos";
	/** A raftforge executable to run instead of the bundled command line; empty for the bundled one. */
	public static final String COMMAND = "org.raftforge.launch.command";

	public static final List<String> TARGETS = List.of("", "native", "qemu");
	public static final List<String> CHAOS_OPTIONS = List.of("", "kill-leader");

	/** Where the plugin carries the command line (copied in when the plugin is built). */
	static final String BUNDLED_CLI = "cli/raftforge-cli.jar";

	private ClusterLaunch() {
	}

	/** The model file a configuration names, which must exist. */
	public static IFile model(ILaunchConfiguration configuration) throws CoreException {
		String path = configuration.getAttribute(MODEL, "");
		if (path.isBlank()) {
			throw error("no model chosen: pick a .raft file on the Cluster tab");
		}
		IResource resource = ResourcesPlugin.getWorkspace().getRoot().findMember(path);
		if (!(resource instanceof IFile file) || !file.exists()) {
			throw error("the model " + path + " does not exist in the workspace: pick a .raft file on the Cluster tab");
		}
		if (file.getLocation() == null) {
			throw error("the model " + path + " is not on the local file system");
		}
		return file;
	}

	/** The whole command line: program, `launch`, the model and the chosen options. */
	public static List<String> commandLine(ILaunchConfiguration configuration) throws CoreException {
		List<String> command = new ArrayList<>(program(configuration.getAttribute(COMMAND, "")));
		command.add("launch");
		command.add(model(configuration).getLocation().toOSString());
		// the same output folder as the builder's, in the project the command runs in
		option(command, "--output", ModelGeneration.OUTPUT_FOLDER);
		command.add("--plain");
		option(command, "--variant", configuration.getAttribute(VARIANT, ""));
		option(command, "--target", configuration.getAttribute(TARGET, ""));
		option(command, "--chaos", configuration.getAttribute(CHAOS, ""));
		return command;
	}

	private static void option(List<String> command, String name, String value) {
		if (value != null && !value.isBlank()) {
			command.add(name);
			command.add(value.strip());
		}
	}

	private static List<String> program(String override) throws CoreException {
		if (override != null && !override.isBlank()) {
			return List.of(override.strip());
		}
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		return List.of(java, "-jar", bundledCli().getAbsolutePath());
	}

	static File bundledCli() throws CoreException {
		URL entry = FileLocator.find(Platform.getBundle(RaftUiPlugin.ID), new org.eclipse.core.runtime.Path(BUNDLED_CLI));
		if (entry == null) {
			throw error("this RaftForge plugin carries no command line (" + BUNDLED_CLI
					+ "): set 'RaftForge command' on the Cluster tab to your raftforge script");
		}
		try {
			return new File(FileLocator.toFileURL(entry).getPath());
		} catch (IOException e) {
			throw error("cannot unpack the bundled command line: " + e.getMessage());
		}
	}

	static CoreException error(String message) {
		return new CoreException(new Status(IStatus.ERROR, RaftUiPlugin.ID, message));
	}
}
