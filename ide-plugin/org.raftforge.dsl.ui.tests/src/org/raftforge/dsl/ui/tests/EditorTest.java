package org.raftforge.dsl.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.raftforge.dsl.ui.tests.Workbench.document;
import static org.raftforge.dsl.ui.tests.Workbench.viewer;
import static org.raftforge.dsl.ui.tests.Workbench.waitFor;
import static org.raftforge.dsl.ui.tests.Workbench.waitUntil;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

import org.eclipse.core.commands.Command;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.contentassist.ICompletionProposal;
import org.eclipse.jface.text.quickassist.IQuickAssistInvocationContext;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.ISourceViewer;
import org.eclipse.jface.text.source.projection.ProjectionViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.commands.ICommandService;
import org.eclipse.ui.handlers.IHandlerService;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.texteditor.ITextEditor;
import org.eclipse.ui.views.contentoutline.ContentOutline;
import org.eclipse.lsp4j.DocumentSymbol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.raftforge.dsl.ide.highlighting.RaftHighlightingStyles;
import org.raftforge.dsl.ui.editor.RaftColors;
import org.raftforge.dsl.ui.editor.RaftContentAssistProcessor;
import org.raftforge.dsl.ui.editor.RaftFoldingReconciler.RaftFold;
import org.raftforge.dsl.ui.editor.RaftProblemAnnotation;
import org.raftforge.dsl.ui.editor.RaftTextHover;
import org.raftforge.dsl.ui.outline.RaftOutlinePage;
import org.raftforge.dsl.ui.quickfix.RaftQuickAssistProcessor;

/** The editor a user gets for a .raft file, exercised through the workbench. */
class EditorTest {

	private IProject project;
	private ITextEditor editor;

	@BeforeEach
	void openModel() throws Exception {
		project = Workbench.project("editor", false);
		IFile file = Workbench.file(project, "trio.raft", Models.TRIO);
		editor = Workbench.open(file);
	}

	@AfterEach
	void close() throws Exception {
		Workbench.closeAll();
		Workbench.deleteAllProjects();
	}

	@Test
	void aRaftFileOpensInTheGenericEditor() {
		assertEquals("org.eclipse.ui.genericeditor.GenericEditor", editor.getSite().getId());
	}

	@Test
	void keywordsValuesNamesAndCommentsAreColoured() {
		StyledText text = viewer(editor).getTextWidget();
		waitUntil("the model to be coloured", () -> styleAt(text, "heartbeat") != null);
		assertColour(text, "heartbeat", RaftHighlightingStyles.KEYWORD);
		assertTrue((styleAt(text, "heartbeat").fontStyle & SWT.BOLD) != 0, "keywords are bold");
		assertColour(text, "100ms", RaftHighlightingStyles.VALUE);
		assertColour(text, "// three", RaftHighlightingStyles.COMMENT);
		assertColour(text, "\"data\"", RaftHighlightingStyles.STRING);
		assertColour(text, "variant local { storage disk", RaftHighlightingStyles.KEYWORD);
		int reference = Models.TRIO.indexOf("storage disk transport") + "storage ".length();
		assertEquals(RaftColors.of(RaftHighlightingStyles.REFERENCE).getForeground(),
				text.getStyleRangeAtOffset(reference).foreground, "a reference");
	}

	private static StyleRange styleAt(StyledText text, String where) {
		return text.getStyleRangeAtOffset(Models.TRIO.indexOf(where));
	}

	private static void assertColour(StyledText text, String where, String style) {
		StyleRange range = styleAt(text, where);
		assertNotNull(range, "'" + where + "' is coloured");
		assertEquals(RaftColors.of(style).getForeground(), range.foreground, "colour of '" + where + "'");
	}

	@Test
	void contentAssistOffersTheNextFreePortAndReferences() throws Exception {
		IDocument document = document(editor);
		String nodeLine = "  node n3 10.0.0.3:9003\n";
		int end = document.get().indexOf(nodeLine) + nodeLine.length();
		document.replace(end, 0, "  node n4 10.0.0.4:\n");
		int caret = end + "  node n4 10.0.0.4:".length();
		List<String> ports = proposals(viewer(editor), caret);
		assertTrue(ports.stream().anyMatch(label -> label.startsWith("9004")), "next free port: " + ports);

		int storage = document.get().indexOf("storage disk transport") + "storage ".length();
		List<String> storages = proposals(viewer(editor), storage);
		assertTrue(storages.contains("disk"), "the storage: " + storages);
		assertFalse(storages.contains("lan") || storages.contains("host"), "only storages: " + storages);

		ICompletionProposal port = Arrays.stream(new RaftContentAssistProcessor()
				.computeCompletionProposals(viewer(editor), caret))
				.filter(proposal -> proposal.getDisplayString().startsWith("9004")).findFirst().orElseThrow();
		port.apply(document);
		assertTrue(document.get().contains("  node n4 10.0.0.4:9004\n"), document.get());
	}

	private static List<String> proposals(ITextViewer viewer, int offset) {
		return Arrays.stream(new RaftContentAssistProcessor().computeCompletionProposals(viewer, offset))
				.map(ICompletionProposal::getDisplayString).map(label -> label.split(" - ")[0]).toList();
	}

	@Test
	void hoverExplainsKeywordsAndReferences() {
		RaftTextHover hover = new RaftTextHover();
		int keyword = Models.TRIO.indexOf("heartbeat") + 2;
		IRegion region = hover.getHoverRegion(viewer(editor), keyword);
		assertEquals(Models.TRIO.indexOf("heartbeat"), region.getOffset());
		String text = hover.getHoverInfo(viewer(editor), region);
		assertTrue(text.startsWith("heartbeat DURATION\n\n"), text);

		int reference = Models.TRIO.indexOf("transport lan target") + "transport ".length();
		String lan = hover.getHoverInfo(viewer(editor), hover.getHoverRegion(viewer(editor), reference));
		assertTrue(lan.startsWith("transport lan (udp on 10.0.0.0/24"), lan);
	}

	@Test
	void problemsAppearWhileTypingAndQuickFixRemovesThem() throws Exception {
		IDocument document = document(editor);
		ISourceViewer viewer = (ISourceViewer) viewer(editor);
		document.replace(document.get().indexOf("heartbeat 100ms") + "heartbeat ".length(), "100ms".length(), "400ms");
		RaftProblemAnnotation problem = waitFor("a live heartbeat annotation",
				() -> annotation(viewer, "heartbeat-too-long"));
		assertEquals(RaftProblemAnnotation.ERROR, problem.getType());
		assertTrue(problem.getText().contains("use at most 100ms"), problem.getText());
		assertEquals(document.get().indexOf("400ms"), viewer.getAnnotationModel().getPosition(problem).getOffset());
		assertTrue(problem.isQuickFixable());

		int caret = document.get().indexOf("400ms") + 1;
		ICompletionProposal[] fixes = new RaftQuickAssistProcessor().computeQuickAssistProposals(context(viewer, caret));
		assertEquals(List.of("Set the heartbeat to 100ms (a third of the minimum election timeout)"),
				Arrays.stream(fixes).map(ICompletionProposal::getDisplayString).toList());
		fixes[0].apply(document);
		assertTrue(document.get().contains("heartbeat 100ms"));
		waitUntil("the annotation to go", () -> annotation(viewer, "heartbeat-too-long") == null);
	}

	private static RaftProblemAnnotation annotation(ISourceViewer viewer, String code) {
		for (Iterator<Annotation> it = viewer.getAnnotationModel().getAnnotationIterator(); it.hasNext();) {
			if (it.next() instanceof RaftProblemAnnotation problem && code.equals(problem.code())
					&& !problem.isMarkedDeleted()) {
				return problem;
			}
		}
		return null;
	}

	private static IQuickAssistInvocationContext context(ISourceViewer viewer, int offset) {
		return new IQuickAssistInvocationContext() {
			@Override
			public ISourceViewer getSourceViewer() {
				return viewer;
			}

			@Override
			public int getOffset() {
				return offset;
			}

			@Override
			public int getLength() {
				return 0;
			}
		};
	}

	@Test
	void blocksFold() {
		ProjectionViewer viewer = (ProjectionViewer) viewer(editor);
		IDocument document = document(editor);
		List<String> folds = waitFor("the model's folds", () -> {
			List<String> lines = new ArrayList<>();
			for (Iterator<Annotation> it = viewer.getProjectionAnnotationModel().getAnnotationIterator(); it.hasNext();) {
				Annotation annotation = it.next();
				if (annotation instanceof RaftFold) {
					try {
						int offset = viewer.getProjectionAnnotationModel().getPosition(annotation).getOffset();
						IRegion line = document.getLineInformationOfOffset(offset);
						lines.add(document.get(line.getOffset(), line.getLength()).strip());
					} catch (org.eclipse.jface.text.BadLocationException e) {
						throw new AssertionError(e);
					}
				}
			}
			return lines.size() >= 4 ? lines : null;
		});
		assertTrue(folds.containsAll(List.of("cluster trio {", "raft {", "memory {", "transport udp lan {")),
				"folds start at the blocks: " + folds);
	}

	@Test
	void outlineShowsTheClusterStructure() throws Exception {
		IViewPart view = Workbench.page().showView(IPageLayout.ID_OUTLINE);
		Workbench.page().activate(editor);
		RaftOutlinePage page = waitFor("the RaftForge outline page",
				() -> ((ContentOutline) view).getCurrentPage() instanceof RaftOutlinePage outline ? outline : null);
		List<String> names = page.symbols().get(0).getChildren().stream().map(DocumentSymbol::getName).toList();
		assertEquals(List.of("raft", "memory", "lan", "disk", "host", "n1", "n2", "n3", "local"), names);
	}

	@Test
	void formatCommandLaysOutTheModel() throws Exception {
		IDocument document = document(editor);
		document.set(Models.TRIO.replace("  node n1 10.0.0.1:9001\n", "node    n1 10.0.0.1 : 9001   \n"));
		Workbench.page().activate(editor);
		Command format = PlatformUI.getWorkbench().getService(ICommandService.class).getCommand("org.raftforge.dsl.ui.format");
		assertTrue(format.isDefined());
		PlatformUI.getWorkbench().getService(IHandlerService.class).executeCommand("org.raftforge.dsl.ui.format", null);
		assertEquals(Models.TRIO, document.get());
	}
}
