package org.raftforge.dsl.ui.wizard;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.wizard.Wizard;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Group;
import org.eclipse.ui.INewWizard;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.dialogs.WizardNewFileCreationPage;
import org.eclipse.ui.ide.IDE;
import org.raftforge.dsl.ui.builder.RaftNature;

/**
 * File > New > RaftForge Model: a .raft file from a working template (native or QEMU),
 * the cluster named after the file; optionally gives the project the RaftForge nature so
 * the builder checks and generates it. Opens the new model in the editor.
 */
public class NewModelWizard extends Wizard implements INewWizard {

	private IWorkbench workbench;
	private IStructuredSelection selection;
	private ModelPage page;

	public NewModelWizard() {
		setWindowTitle("New RaftForge Model");
		setNeedsProgressMonitor(true);
	}

	@Override
	public void init(IWorkbench workbench, IStructuredSelection selection) {
		this.workbench = workbench;
		this.selection = selection;
	}

	@Override
	public void addPages() {
		page = new ModelPage(selection);
		addPage(page);
	}

	/** The page (tests fill it in as a user would). */
	public ModelPage page() {
		return page;
	}

	@Override
	public boolean performFinish() {
		IFile file = page.createNewFile();
		if (file == null) {
			return false;
		}
		try {
			if (page.addNature() && !RaftNature.isOn(file.getProject())) {
				RaftNature.set(file.getProject(), true, null);
			}
		} catch (CoreException e) {
			MessageDialog.openError(getShell(), "RaftForge nature",
					"The model was created, but project " + file.getProject().getName()
							+ " could not get the RaftForge nature: " + e.getMessage());
		}
		if (workbench != null && workbench.getActiveWorkbenchWindow() != null) {
			try {
				IDE.openEditor(workbench.getActiveWorkbenchWindow().getActivePage(), file);
			} catch (PartInitException e) {
				MessageDialog.openError(getShell(), "Open model", "Cannot open " + file.getName() + ": " + e.getMessage());
			}
		}
		return true;
	}

	/** Where the file goes, what it starts from, and whether the project gets the nature. */
	public static final class ModelPage extends WizardNewFileCreationPage {

		private ModelTemplate template = ModelTemplate.NATIVE;
		private boolean addNature = true;

		ModelPage(IStructuredSelection selection) {
			super("model", selection == null ? org.eclipse.jface.viewers.StructuredSelection.EMPTY : selection);
			setTitle("RaftForge Model");
			setDescription("Create a cluster model (.raft) from a working template.");
			setFileExtension("raft");
			setFileName("cluster.raft");
		}

		@Override
		protected void createAdvancedControls(Composite parent) {
			Group start = new Group(parent, SWT.NONE);
			start.setText("Start from");
			start.setLayout(new GridLayout(1, false));
			start.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
			for (ModelTemplate choice : ModelTemplate.values()) {
				Button button = new Button(start, SWT.RADIO);
				button.setText(choice.description());
				button.setSelection(choice == template);
				button.addListener(SWT.Selection, event -> {
					if (button.getSelection()) {
						template = choice;
					}
				});
			}
			Button nature = new Button(parent, SWT.CHECK);
			nature.setText("Add the RaftForge nature to the project (problem markers, generation into src-gen/)");
			nature.setSelection(addNature);
			nature.addListener(SWT.Selection, event -> addNature = nature.getSelection());
			super.createAdvancedControls(parent);
		}

		public void choose(ModelTemplate choice, boolean nature) {
			this.template = choice;
			this.addNature = nature;
		}

		boolean addNature() {
			return addNature;
		}

		@Override
		protected InputStream getInitialContents() {
			String text = template.text(ModelTemplate.clusterName(getFileName()));
			return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
		}
	}
}
