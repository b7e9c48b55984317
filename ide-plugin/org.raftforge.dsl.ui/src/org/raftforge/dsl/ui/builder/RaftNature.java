package org.raftforge.dsl.ui.builder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.eclipse.core.resources.ICommand;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IProjectDescription;
import org.eclipse.core.resources.IProjectNature;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;

/** The RaftForge project nature: it adds the RaftForge builder to the project. */
public class RaftNature implements IProjectNature {

	public static final String ID = "org.raftforge.dsl.ui.nature";

	private IProject project;

	@Override
	public void configure() throws CoreException {
		IProjectDescription description = project.getDescription();
		List<ICommand> commands = new ArrayList<>(Arrays.asList(description.getBuildSpec()));
		if (commands.stream().noneMatch(command -> RaftBuilder.ID.equals(command.getBuilderName()))) {
			ICommand command = description.newCommand();
			command.setBuilderName(RaftBuilder.ID);
			commands.add(command);
			description.setBuildSpec(commands.toArray(new ICommand[0]));
			project.setDescription(description, null);
		}
	}

	@Override
	public void deconfigure() throws CoreException {
		IProjectDescription description = project.getDescription();
		ICommand[] commands = Arrays.stream(description.getBuildSpec())
				.filter(command -> !RaftBuilder.ID.equals(command.getBuilderName())).toArray(ICommand[]::new);
		description.setBuildSpec(commands);
		project.setDescription(description, null);
		ProblemMarkers.clear(project);
	}

	@Override
	public IProject getProject() {
		return project;
	}

	@Override
	public void setProject(IProject project) {
		this.project = project;
	}

	public static boolean isOn(IProject project) {
		try {
			return project.isOpen() && project.hasNature(ID);
		} catch (CoreException e) {
			return false;
		}
	}

	/** Adds or removes the nature (and with it the builder). */
	public static void set(IProject project, boolean on, IProgressMonitor monitor) throws CoreException {
		IProjectDescription description = project.getDescription();
		List<String> natures = new ArrayList<>(Arrays.asList(description.getNatureIds()));
		boolean changed = on ? !natures.contains(ID) && natures.add(ID) : natures.remove(ID);
		if (changed) {
			description.setNatureIds(natures.toArray(new String[0]));
			project.setDescription(description, monitor);
		}
	}
}
