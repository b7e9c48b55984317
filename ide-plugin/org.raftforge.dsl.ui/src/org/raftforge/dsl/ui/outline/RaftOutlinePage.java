package org.raftforge.dsl.ui.outline;

import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.text.DocumentEvent;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IDocumentListener;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.ui.texteditor.ITextEditor;
import org.eclipse.ui.views.contentoutline.ContentOutlinePage;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.ide.server.symbol.HierarchicalDocumentSymbolService;
import org.eclipse.xtext.util.CancelIndicator;
import org.raftforge.dsl.ui.RaftUiPlugin;
import org.raftforge.dsl.ui.editor.EditorDocuments;

/**
 * The Outline view of a model: the cluster with its settings blocks, building blocks,
 * nodes, variants and workload (the document symbols the language server also serves).
 * Follows the text as it changes; selecting an element selects its name in the editor.
 */
public class RaftOutlinePage extends ContentOutlinePage {

	/** Quiet time after a change before the outline is recomputed. */
	private static final long DELAY_MILLIS = 400;

	private final ITextEditor editor;
	private final IDocument document;
	private final IDocumentListener listener = new IDocumentListener() {
		@Override
		public void documentAboutToBeChanged(DocumentEvent event) {
		}

		@Override
		public void documentChanged(DocumentEvent event) {
			refresh.schedule(DELAY_MILLIS);
		}
	};
	private final Job refresh = Job.create("Updating the RaftForge outline", this::refresh);
	private volatile List<DocumentSymbol> symbols = List.of();

	public RaftOutlinePage(ITextEditor editor) {
		this.editor = editor;
		this.document = editor.getDocumentProvider().getDocument(editor.getEditorInput());
		refresh.setSystem(true);
	}

	@Override
	public void createControl(Composite parent) {
		super.createControl(parent);
		TreeViewer viewer = getTreeViewer();
		viewer.setContentProvider(new SymbolTree());
		viewer.setLabelProvider(new LabelProvider() {
			@Override
			public String getText(Object element) {
				DocumentSymbol symbol = (DocumentSymbol) element;
				return symbol.getDetail() == null || symbol.getDetail().isEmpty() ? symbol.getName()
						: symbol.getName() + " : " + symbol.getDetail();
			}
		});
		viewer.addSelectionChangedListener(event -> {
			if (event.getSelection() instanceof IStructuredSelection selection
					&& selection.getFirstElement() instanceof DocumentSymbol symbol) {
				reveal(symbol);
			}
		});
		symbols = computeSymbols();
		viewer.setInput(symbols);
		viewer.expandToLevel(2);
		document.addDocumentListener(listener);
	}

	@Override
	public void dispose() {
		document.removeDocumentListener(listener);
		refresh.cancel();
		super.dispose();
	}

	/** The symbols shown now (for tests and the status). */
	public List<DocumentSymbol> symbols() {
		return symbols;
	}

	private IStatus refresh(IProgressMonitor monitor) {
		List<DocumentSymbol> fresh = computeSymbols();
		Control control = getControl();
		if (control == null || control.isDisposed()) {
			return Status.OK_STATUS;
		}
		control.getDisplay().asyncExec(() -> {
			if (!control.isDisposed()) {
				symbols = fresh;
				getTreeViewer().setInput(fresh);
				getTreeViewer().expandToLevel(2);
			}
		});
		return Status.OK_STATUS;
	}

	private List<DocumentSymbol> computeSymbols() {
		try {
			return RaftUiPlugin.service(HierarchicalDocumentSymbolService.class)
					.getSymbols(EditorDocuments.parse(document), CancelIndicator.NullImpl);
		} catch (RuntimeException e) {
			RaftUiPlugin.log("computing the outline failed", e);
			return List.of();
		}
	}

	private void reveal(DocumentSymbol symbol) {
		Document text = new Document(1, document.get());
		try {
			int start = text.getOffSet(symbol.getSelectionRange().getStart());
			int end = text.getOffSet(symbol.getSelectionRange().getEnd());
			editor.selectAndReveal(start, end - start);
		} catch (IndexOutOfBoundsException stale) {
			// the text changed since the outline was computed; the next refresh fixes it
		}
	}

	private static final class SymbolTree implements ITreeContentProvider {

		@Override
		public Object[] getElements(Object input) {
			return ((List<?>) input).toArray();
		}

		@Override
		public Object[] getChildren(Object parent) {
			List<DocumentSymbol> children = ((DocumentSymbol) parent).getChildren();
			return children == null ? new Object[0] : children.toArray();
		}

		@Override
		public Object getParent(Object element) {
			return null;
		}

		@Override
		public boolean hasChildren(Object element) {
			List<DocumentSymbol> children = ((DocumentSymbol) element).getChildren();
			return children != null && !children.isEmpty();
		}
	}
}
