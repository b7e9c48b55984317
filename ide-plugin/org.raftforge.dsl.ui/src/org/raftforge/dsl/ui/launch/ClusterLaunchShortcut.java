package org.raftforge.dsl.ui.launch;

import java.util.Arrays;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.Adapters;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationType;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.debug.ui.ILaunchShortcut;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.ui.IEditorPart;
import org.raftforge.dsl.ui.RaftUiPlugin;

/** Run As > RaftForge Cluster on a .raft file or editor: reuses the model's configuration or makes one. */
public class ClusterLaunchShortcut implements ILaunchShortcut {

	@Override
	public void launch(ISelection selection, String mode) {
		if (selection instanceof IStructuredSelection structured) {
			IFile file = Adapters.adapt(structured.getFirstElement(), IFile.class);
			launch(file, mode);
		}
	}

	@Override
	public void launch(IEditorPart editor, String mode) {
		launch(editor.getEditorInput().getAdapter(IFile.class), mode);
	}

	private static void launch(IFile model, String mode) {
		if (model == null) {
			return;
		}
		try {
			DebugUITools.launch(configurationFor(model), mode);
		} catch (CoreException e) {
			RaftUiPlugin.log("cannot launch " + model.getFullPath(), e);
		}
	}

	/** The first configuration of this model, or a new one with its default variant and target. */
	public static ILaunchConfiguration configurationFor(IFile model) throws CoreException {
		ILaunchManager manager = DebugPlugin.getDefault().getLaunchManager();
		ILaunchConfigurationType type = manager.getLaunchConfigurationType(ClusterLaunch.TYPE);
		String path = model.getFullPath().toString();
		ILaunchConfiguration existing = Arrays.stream(manager.getLaunchConfigurations(type)).filter(configuration -> {
			try {
				return path.equals(configuration.getAttribute(ClusterLaunch.MODEL, ""));
			} catch (CoreException e) {
				return false;
			}
		}).findFirst().orElse(null);
		if (existing != null) {
			return existing;
		}
		ILaunchConfigurationWorkingCopy copy = type.newInstance(null,
				manager.generateLaunchConfigurationName(model.getName().replace(".raft", "")));
		copy.setAttribute(ClusterLaunch.MODEL, path);
		return copy.doSave();
	}
}
