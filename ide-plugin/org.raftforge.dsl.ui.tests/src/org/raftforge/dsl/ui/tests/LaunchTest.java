package org.raftforge.dsl.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfigurationType;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.core.model.IProcess;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.ui.console.TextConsole;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.raftforge.dsl.ui.launch.ClusterLaunch;

/**
 * The "RaftForge Cluster" launch configuration: its command line, and a real launch of a
 * three-node native cluster through the bundled command line, its progress in the console.
 */
class LaunchTest {

	/** Ports far from the examples', so the run does not meet another test's cluster. */
	private static final String MODEL = Models.trio("  storage file disk { directory \"data\" }\n",
			"  storage memory ram_only\n")
			.replace("storage disk transport lan", "storage ram_only transport lan")
			.replace("10.0.0.1:9001", "10.0.0.1:19471").replace("10.0.0.2:9002", "10.0.0.2:19472")
			.replace("10.0.0.3:9003", "10.0.0.3:19473");

	@AfterEach
	void cleanUp() throws Exception {
		ILaunchManager manager = DebugPlugin.getDefault().getLaunchManager();
		for (ILaunch launch : manager.getLaunches()) {
			if (!launch.isTerminated()) {
				launch.terminate();
			}
			manager.removeLaunch(launch);
		}
		Workbench.closeAll();
		Workbench.deleteAllProjects();
	}

	private static ILaunchConfigurationWorkingCopy configuration(IFile model) throws Exception {
		ILaunchManager manager = DebugPlugin.getDefault().getLaunchManager();
		ILaunchConfigurationType type = manager.getLaunchConfigurationType(ClusterLaunch.TYPE);
		ILaunchConfigurationWorkingCopy copy = type.newInstance(null, "trio");
		copy.setAttribute(ClusterLaunch.MODEL, model.getFullPath().toString());
		return copy;
	}

	@Test
	void theCommandLineNamesTheModelAndTheChosenOptions() throws Exception {
		IProject project = Workbench.project("launching", false);
		IFile model = Workbench.file(project, "trio.raft", MODEL);
		ILaunchConfigurationWorkingCopy copy = configuration(model);
		copy.setAttribute(ClusterLaunch.VARIANT, "local");
		copy.setAttribute(ClusterLaunch.TARGET, "native");
		copy.setAttribute(ClusterLaunch.CHAOS, "kill-leader");
		List<String> command = ClusterLaunch.commandLine(copy);
		assertTrue(command.get(0).endsWith("/bin/java"), command.toString());
		assertEquals("-jar", command.get(1));
		assertTrue(command.get(2).endsWith("raftforge-cli.jar"), "the bundled command line: " + command);
		assertEquals(List.of("launch", model.getLocation().toOSString(), "--output", "src-gen", "--plain", "--variant",
				"local", "--target", "native", "--chaos", "kill-leader"), command.subList(3, command.size()));

		copy.setAttribute(ClusterLaunch.MODEL, "/launching/missing.raft");
		Exception missing = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
				() -> ClusterLaunch.commandLine(copy));
		assertTrue(missing.getMessage().contains("/launching/missing.raft does not exist"), missing.getMessage());
	}

	@Test
	void launchesANativeClusterAndStreamsItsProgressToTheConsole() throws Exception {
		IProject project = Workbench.project("launching", false);
		IFile model = Workbench.file(project, "trio.raft", MODEL);
		ILaunch launch = configuration(model).launch(ILaunchManager.RUN_MODE, null);
		IProcess process = launch.getProcesses()[0];
		// generating, compiling the runtime and running the workload: well under this on 2 cores
		Workbench.waitUntil("the launch to end", Duration.ofMinutes(10), process::isTerminated);
		TextConsole console = Workbench.waitFor("the launch's console",
				() -> DebugUITools.getConsole(process) instanceof TextConsole text ? text : null);
		Workbench.waitUntil("the last output in the console", () -> console.getDocument().get().contains("workload"));
		Workbench.dispatch();
		String output = console.getDocument().get();
		assertEquals(0, process.getExitValue(), "the launch succeeded:\n" + output);
		assertTrue(output.contains("leader"), "the launcher's progress is in the console:\n" + output);
		Workbench.waitUntil("the output folder to be refreshed",
				() -> project.getFile("src-gen/trio/local/launch.json").exists());
	}
}
