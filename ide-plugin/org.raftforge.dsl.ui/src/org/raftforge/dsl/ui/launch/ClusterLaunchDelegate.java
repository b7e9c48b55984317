package org.raftforge.dsl.ui.launch;

import java.io.File;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.ICoreRunnable;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.debug.core.DebugEvent;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.IDebugEventSetListener;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.model.IProcess;
import org.eclipse.debug.core.model.LaunchConfigurationDelegate;
import org.raftforge.dsl.ui.builder.ModelGeneration;

/**
 * Runs `raftforge launch` for the configured model in the model's project folder. The
 * launcher's progress (leader, terms, workload, outcome) streams into the Console view as
 * it happens; the process's exit code is the launch's outcome. When it ends, the project's
 * output folder is refreshed (the launcher regenerates and keeps failed runs there).
 */
public class ClusterLaunchDelegate extends LaunchConfigurationDelegate {

	@Override
	public void launch(ILaunchConfiguration configuration, String mode, ILaunch launch, IProgressMonitor monitor)
			throws CoreException {
		IFile model = ClusterLaunch.model(configuration);
		List<String> command = ClusterLaunch.commandLine(configuration);
		File workingDirectory = model.getProject().getLocation().toFile();
		Process process = DebugPlugin.exec(command.toArray(new String[0]), workingDirectory);
		IProcess shown = DebugPlugin.newProcess(launch, process, "raftforge launch " + model.getName());
		shown.setAttribute(IProcess.ATTR_CMDLINE, String.join(" ", command));
		refreshWhenDone(shown, model.getProject());
	}

	private static void refreshWhenDone(IProcess process, IProject project) {
		DebugPlugin.getDefault().addDebugEventListener(new IDebugEventSetListener() {
			@Override
			public void handleDebugEvents(DebugEvent[] events) {
				for (DebugEvent event : events) {
					if (event.getSource() == process && event.getKind() == DebugEvent.TERMINATE) {
						DebugPlugin.getDefault().removeDebugEventListener(this);
						Job.create("Refreshing " + project.getName(), (ICoreRunnable) monitor -> ModelGeneration
								.outputOf(project).refreshLocal(IResource.DEPTH_INFINITE, monitor)).schedule();
					}
				}
			}
		});
	}

	@Override
	protected IProject[] getBuildOrder(ILaunchConfiguration configuration, String mode) throws CoreException {
		// the launcher generates and builds by itself; the workspace builders need not run first
		return null;
	}
}
