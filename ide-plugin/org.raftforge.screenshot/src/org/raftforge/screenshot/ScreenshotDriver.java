package org.raftforge.screenshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IProjectDescription;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IWorkspace;
import org.eclipse.core.resources.IncrementalProjectBuilder;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.Path;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.IAnnotationModel;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IStartup;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.texteditor.ITextEditor;

/**
 * Inert unless the system property raftforge.screenshot.project names a project folder.
 * Then, once the workbench is up: imports that project, builds it, opens
 * raftforge.screenshot.model in its editor with the Problems and Outline views, puts the
 * caret on the first error, and writes raftforge.screenshot.report (key=value lines: the
 * editor, the error markers, the error annotations, the colour of the first keyword).
 */
public class ScreenshotDriver implements IStartup {

	private static final long PATIENCE_MILLIS = 120_000;
	private static final String ERROR_ANNOTATION = "org.eclipse.ui.workbench.texteditor.error";
	private static final String PROBLEM = "org.eclipse.core.resources.problemmarker";

	@Override
	public void earlyStartup() {
		String projectFolder = System.getProperty("raftforge.screenshot.project");
		if (projectFolder == null) {
			return;
		}
		Map<String, String> report = new LinkedHashMap<>();
		try {
			IFile model = importAndBuild(projectFolder, System.getProperty("raftforge.screenshot.model", "model.raft"));
			report.putAll(showAndInspect(model));
			report.put("status", "ready");
		} catch (Exception | AssertionError e) {
			report.put("status", "failed: " + e);
		}
		write(report);
	}

	private static IFile importAndBuild(String projectFolder, String modelPath) throws CoreException, InterruptedException {
		IWorkspace workspace = ResourcesPlugin.getWorkspace();
		IProjectDescription description = workspace.loadProjectDescription(new Path(projectFolder).append(".project"));
		IProject project = workspace.getRoot().getProject(description.getName());
		workspace.run(monitor -> {
			if (!project.exists()) {
				project.create(description, monitor);
			}
			project.open(monitor);
		}, null);
		project.refreshLocal(IResource.DEPTH_INFINITE, null);
		workspace.build(IncrementalProjectBuilder.FULL_BUILD, null);
		IFile model = project.getFile(modelPath);
		if (!model.exists()) {
			throw new AssertionError("no " + modelPath + " in " + projectFolder);
		}
		long deadline = System.currentTimeMillis() + PATIENCE_MILLIS;
		while (errorMarkers(model).isEmpty() && System.currentTimeMillis() < deadline) {
			Thread.sleep(200);
		}
		return model;
	}

	private static Map<String, String> showAndInspect(IFile model) throws Exception {
		AtomicReference<ITextEditor> opened = new AtomicReference<>();
		AtomicReference<Exception> failure = new AtomicReference<>();
		Display display = PlatformUI.getWorkbench().getDisplay();
		display.syncExec(() -> {
			try {
				if (PlatformUI.getWorkbench().getIntroManager().getIntro() != null) {
					PlatformUI.getWorkbench().getIntroManager().closeIntro(PlatformUI.getWorkbench().getIntroManager().getIntro());
				}
				// Xvfb has no window manager to maximize with: fill the screen by hand
				Shell shell = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
				shell.setBounds(shell.getDisplay().getPrimaryMonitor().getClientArea());
				IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
				page.showView(IPageLayout.ID_PROJECT_EXPLORER);
				page.showView(IPageLayout.ID_PROBLEM_VIEW);
				page.showView(IPageLayout.ID_OUTLINE);
				ITextEditor editor = (ITextEditor) IDE.openEditor(page, model, true);
				IMarker first = errorMarkers(model).stream().findFirst().orElse(null);
				if (first != null) {
					editor.selectAndReveal(first.getAttribute(IMarker.CHAR_START, 0), 0);
				}
				opened.set(editor);
			} catch (Exception e) {
				failure.set(e);
			}
		});
		if (failure.get() != null) {
			throw failure.get();
		}
		ITextEditor editor = opened.get();
		long deadline = System.currentTimeMillis() + PATIENCE_MILLIS;
		Map<String, String> seen = new LinkedHashMap<>();
		do {
			Thread.sleep(500);
			display.syncExec(() -> seen.putAll(inspect(editor, model)));
		} while (("0".equals(seen.get("annotations.errors")) || !seen.containsKey("keyword.style"))
				&& System.currentTimeMillis() < deadline);
		display.syncExec(() -> seen.put("shown", showProblemDetails(editor)));
		Thread.sleep(1500);
		return seen;
	}

	private static Map<String, String> inspect(ITextEditor editor, IFile model) {
		Map<String, String> seen = new LinkedHashMap<>();
		seen.put("editor.id", editor.getSite().getId());
		List<IMarker> markers = errorMarkers(model);
		seen.put("markers.errors", Integer.toString(markers.size()));
		if (!markers.isEmpty()) {
			seen.put("markers.first", "line " + markers.get(0).getAttribute(IMarker.LINE_NUMBER, -1) + ": "
					+ markers.get(0).getAttribute(IMarker.MESSAGE, ""));
		}
		ITextViewer viewer = editor.getAdapter(ITextViewer.class);
		IAnnotationModel annotations = editor.getDocumentProvider().getAnnotationModel(editor.getEditorInput());
		int errors = 0;
		for (Iterator<Annotation> it = annotations.getAnnotationIterator(); it.hasNext();) {
			Annotation annotation = it.next();
			if (ERROR_ANNOTATION.equals(annotation.getType()) && !annotation.isMarkedDeleted()) {
				errors++;
			}
		}
		seen.put("annotations.errors", Integer.toString(errors));
		seen.put("problems.workspace", workspaceProblems());
		StyledText text = viewer.getTextWidget();
		// the `cluster` keyword that starts the model (not the word in a comment above it)
		int line = text.getText().indexOf("\ncluster ");
		int keyword = line < 0 ? -1 : line + 1;
		StyleRange style = keyword < 0 ? null : text.getStyleRangeAtOffset(keyword);
		if (style != null && style.foreground != null) {
			seen.put("keyword.style", "rgb(" + style.foreground.getRed() + "," + style.foreground.getGreen() + ","
					+ style.foreground.getBlue() + ")" + ((style.fontStyle & SWT.BOLD) != 0 ? " bold" : ""));
		}
		return seen;
	}

	/** Best effort, for the picture only: the Problems view's groups opened. Says what it managed to show. */
	private static String showProblemDetails(ITextEditor editor) {
		List<String> shown = new ArrayList<>();
		Tree tree = findTree(editor.getSite().getShell());
		if (tree != null) {
			for (TreeItem group : tree.getItems()) {
				Event expand = new Event();
				expand.item = group;
				tree.notifyListeners(SWT.Expand, expand);
				group.setExpanded(true);
			}
			if (tree.getColumnCount() > 0) {
				// room for the whole message
				tree.getColumn(0).setWidth(tree.getClientArea().width * 7 / 10);
			}
			shown.add("problems expanded");
		}
		editor.setFocus();
		return String.join(", ", shown);
	}

	/** The Problems view's tree: the one whose groups read "Errors (n items)". */
	private static Tree findTree(Shell shell) {
		Control[] found = { null };
		visit(shell, control -> {
			if (found[0] == null && control instanceof Tree tree && tree.getItemCount() > 0
					&& tree.getItem(0).getText().startsWith("Errors (")) {
				found[0] = tree;
			}
		});
		return (Tree) found[0];
	}

	private static void visit(Control control, java.util.function.Consumer<Control> action) {
		action.accept(control);
		if (control instanceof Composite composite) {
			for (Control child : composite.getChildren()) {
				visit(child, action);
			}
		}
	}

	/** Every problem the Problems view lists: severity, resource, line, message. */
	private static String workspaceProblems() {
		List<String> problems = new ArrayList<>();
		try {
			for (IMarker marker : ResourcesPlugin.getWorkspace().getRoot().findMarkers(PROBLEM, true,
					IResource.DEPTH_INFINITE)) {
				int severity = marker.getAttribute(IMarker.SEVERITY, -1);
				String level = severity == IMarker.SEVERITY_ERROR ? "error"
						: severity == IMarker.SEVERITY_WARNING ? "warning" : "info";
				problems.add(level + " " + marker.getResource().getFullPath() + ":"
						+ marker.getAttribute(IMarker.LINE_NUMBER, 0) + " " + marker.getAttribute(IMarker.MESSAGE, ""));
			}
		} catch (CoreException e) {
			problems.add("(cannot read the markers: " + e.getMessage() + ")");
		}
		return String.join(" | ", problems);
	}

	private static List<IMarker> errorMarkers(IFile model) {
		List<IMarker> errors = new ArrayList<>();
		try {
			for (IMarker marker : model.findMarkers(PROBLEM, true, IResource.DEPTH_ZERO)) {
				if (marker.getAttribute(IMarker.SEVERITY, -1) == IMarker.SEVERITY_ERROR) {
					errors.add(marker);
				}
			}
		} catch (CoreException e) {
			// no markers yet
		}
		return errors;
	}

	private static void write(Map<String, String> report) {
		StringBuilder text = new StringBuilder();
		report.forEach((key, value) -> text.append(key).append('=').append(value.replace('\n', ' ')).append('\n'));
		try {
			Files.writeString(java.nio.file.Path.of(System.getProperty("raftforge.screenshot.report")), text,
					StandardCharsets.UTF_8);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
