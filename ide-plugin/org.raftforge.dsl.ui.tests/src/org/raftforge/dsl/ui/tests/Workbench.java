package org.raftforge.dsl.ui.tests;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IncrementalProjectBuilder;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.texteditor.ITextEditor;
import org.raftforge.dsl.ui.builder.RaftNature;

/**
 * What the plugin tests do in the running workbench (they run on its UI thread): make
 * projects and files, open editors, and wait for background work while the event loop
 * keeps running.
 */
final class Workbench {

	/** Long enough for a cold workbench on a busy 2-core machine; waits end as soon as the condition holds. */
	static final Duration PATIENCE = Duration.ofSeconds(60);

	private Workbench() {
	}

	static IProject project(String name, boolean raftNature) throws CoreException {
		IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(name);
		if (project.exists()) {
			project.delete(true, true, null);
		}
		project.create(null);
		project.open(null);
		if (raftNature) {
			RaftNature.set(project, true, null);
		}
		return project;
	}

	static IFile file(IProject project, String name, String text) throws CoreException {
		IFile file = project.getFile(name);
		ByteArrayInputStream contents = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
		if (file.exists()) {
			file.setContents(contents, true, false, null);
		} else {
			file.create(contents, true, null);
		}
		return file;
	}

	/** Builds the workspace now and waits for every build job. */
	static void build() throws CoreException {
		ResourcesPlugin.getWorkspace().build(IncrementalProjectBuilder.INCREMENTAL_BUILD, null);
		waitForJobs();
	}

	static void waitForJobs() {
		waitUntil("background jobs to finish", () -> Job.getJobManager().isIdle());
	}

	static ITextEditor open(IFile file) throws PartInitException {
		IEditorPart editor = IDE.openEditor(page(), file, true);
		assertNotNull(editor);
		dispatch();
		return (ITextEditor) editor;
	}

	static IWorkbenchPage page() {
		return PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
	}

	static IDocument document(ITextEditor editor) {
		return editor.getDocumentProvider().getDocument(editor.getEditorInput());
	}

	static ITextViewer viewer(ITextEditor editor) {
		return editor.getAdapter(ITextViewer.class);
	}

	static void closeAll() {
		page().closeAllEditors(false);
		dispatch();
	}

	static void deleteAllProjects() throws CoreException {
		for (IProject project : ResourcesPlugin.getWorkspace().getRoot().getProjects()) {
			project.delete(IResource.ALWAYS_DELETE_PROJECT_CONTENT | IResource.FORCE, null);
		}
	}

	/** Runs the event loop until {@code condition} holds; fails after {@link #PATIENCE}. */
	static void waitUntil(String what, BooleanSupplier condition) {
		waitUntil(what, PATIENCE, condition);
	}

	static void waitUntil(String what, Duration patience, BooleanSupplier condition) {
		long deadline = System.nanoTime() + patience.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("waited " + patience.toSeconds() + " s for " + what);
			}
			if (!Display.getCurrent().readAndDispatch()) {
				sleep();
			}
		}
	}

	/** Waits until {@code value} gives non-null, and returns it. */
	static <T> T waitFor(String what, Supplier<T> value) {
		Object[] result = new Object[1];
		waitUntil(what, () -> (result[0] = value.get()) != null);
		@SuppressWarnings("unchecked")
		T found = (T) result[0];
		return found;
	}

	static void dispatch() {
		while (Display.getCurrent().readAndDispatch()) {
			// drain pending UI work
		}
	}

	private static void sleep() {
		try {
			Thread.sleep(20);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
