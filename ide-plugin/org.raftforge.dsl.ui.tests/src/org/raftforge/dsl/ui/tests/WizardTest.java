package org.raftforge.dsl.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.emf.common.util.URI;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.wizard.WizardDialog;
import org.eclipse.ui.PlatformUI;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.raftforge.dsl.ui.RaftUiPlugin;
import org.raftforge.dsl.ui.builder.RaftNature;
import org.raftforge.dsl.ui.wizard.ModelTemplate;
import org.raftforge.dsl.ui.wizard.NewModelWizard;

/** File > New > RaftForge Model: a working model, the nature, the editor. */
class WizardTest {

	@AfterEach
	void cleanUp() throws Exception {
		Workbench.closeAll();
		Workbench.deleteAllProjects();
	}

	@ParameterizedTest
	@EnumSource(ModelTemplate.class)
	void everyTemplateIsAValidModel(ModelTemplate template) {
		List<Issue> issues = RaftUiPlugin.models().validate(RaftUiPlugin.models()
				.parse(URI.createURI("inmemory:/t.raft"), template.text("my_cluster")), CancelIndicator.NullImpl);
		assertEquals(List.of(), issues.stream().map(Issue::toString).toList());
	}

	@Test
	void clusterNamesComeFromFileNames() {
		assertEquals("lab_cluster", ModelTemplate.clusterName("lab-cluster.raft"));
		assertEquals("cluster_3nodes", ModelTemplate.clusterName("3nodes.raft"));
	}

	@Test
	void createsAModelGivesTheNatureAndOpensTheEditor() throws Exception {
		IProject project = Workbench.project("wizard", false);
		NewModelWizard wizard = new NewModelWizard();
		wizard.init(PlatformUI.getWorkbench(), new StructuredSelection(project));
		WizardDialog dialog = new WizardDialog(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(), wizard);
		dialog.setBlockOnOpen(false);
		dialog.open();
		try {
			wizard.page().setFileName("lab.raft");
			wizard.page().choose(ModelTemplate.NATIVE, true);
			assertTrue(wizard.canFinish(), "the page is complete");
			assertTrue(wizard.performFinish());
		} finally {
			dialog.close();
		}
		IFile file = project.getFile("lab.raft");
		assertTrue(file.exists());
		assertTrue(BuilderTest.read(file).contains("cluster lab {"));
		assertTrue(RaftNature.isOn(project));
		assertEquals(file.getName(), Workbench.page().getActiveEditor().getEditorInput().getName());
		Workbench.build();
		assertEquals(List.of(), BuilderTest.markers(file).stream().map(m -> m.getAttribute("message", "")).toList());
		assertTrue(project.getFile("src-gen/lab/local/Makefile").exists(), "generated on creation");
	}
}
