package org.raftforge.dsl.ui.builder;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.runtime.Adapters;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.ui.handlers.HandlerUtil;

/** Configure > Add/Remove RaftForge Nature on the selected projects. */
public class ToggleNatureHandler extends AbstractHandler {

	@Override
	public Object execute(ExecutionEvent event) throws ExecutionException {
		ISelection selection = HandlerUtil.getCurrentSelection(event);
		if (!(selection instanceof IStructuredSelection structured)) {
			return null;
		}
		for (Object element : structured) {
			IProject project = Adapters.adapt(element, IProject.class);
			if (project != null && project.isOpen()) {
				try {
					RaftNature.set(project, !RaftNature.isOn(project), null);
				} catch (CoreException e) {
					throw new ExecutionException("cannot change the natures of project " + project.getName(), e);
				}
			}
		}
		return null;
	}
}
