package org.raftforge.lsp;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentClientCapabilities;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.DocumentSymbolCapabilities;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * A minimal LSP client over a pair of streams: what an editor does to open a model and
 * ask for diagnostics, completions, hovers, code actions and formatting.
 */
final class LspClient implements LanguageClient, AutoCloseable {

	static final long WAIT_SECONDS = 60;

	private final BlockingQueue<PublishDiagnosticsParams> diagnostics = new LinkedBlockingQueue<>();
	private final LanguageServer server;
	private final java.util.concurrent.Future<Void> listening;
	private final OutputStream toServer;

	LspClient(InputStream fromServer, OutputStream toServer) {
		this.toServer = toServer;
		Launcher<LanguageServer> launcher = Launcher.createLauncher(this, LanguageServer.class, fromServer, toServer);
		server = launcher.getRemoteProxy();
		listening = launcher.startListening();
	}

	LanguageServer server() {
		return server;
	}

	InitializeResult initialize(String rootUri) throws Exception {
		InitializeParams params = new InitializeParams();
		params.setProcessId((int) ProcessHandle.current().pid());
		if (rootUri != null) {
			params.setWorkspaceFolders(List.of(new WorkspaceFolder(rootUri, "models")));
			params.setRootUri(rootUri);
		}
		TextDocumentClientCapabilities text = new TextDocumentClientCapabilities();
		DocumentSymbolCapabilities symbols = new DocumentSymbolCapabilities();
		symbols.setHierarchicalDocumentSymbolSupport(true);
		text.setDocumentSymbol(symbols);
		params.setCapabilities(new ClientCapabilities(null, text, null));
		InitializeResult result = server.initialize(params).get(WAIT_SECONDS, TimeUnit.SECONDS);
		server.initialized(new InitializedParams());
		return result;
	}

	void open(String uri, String text) {
		server.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "raft", 1, text)));
	}

	/** The next diagnostics published for {@code uri} (earlier ones for other files are skipped). */
	PublishDiagnosticsParams diagnosticsFor(String uri) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
		while (System.nanoTime() < deadline) {
			PublishDiagnosticsParams published = diagnostics.poll(1, TimeUnit.SECONDS);
			if (published != null && published.getUri().equals(uri)) {
				return published;
			}
		}
		throw new AssertionError("no diagnostics for " + uri + " within " + WAIT_SECONDS + " s");
	}

	@Override
	public void close() throws Exception {
		server.shutdown().get(WAIT_SECONDS, TimeUnit.SECONDS);
		server.exit();
		// end of input ends the server's session
		toServer.close();
		listening.cancel(true);
	}

	@Override
	public void publishDiagnostics(PublishDiagnosticsParams params) {
		diagnostics.add(params);
	}

	@Override
	public void telemetryEvent(Object object) {
	}

	@Override
	public void showMessage(MessageParams message) {
	}

	@Override
	public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams request) {
		return CompletableFuture.completedFuture(null);
	}

	@Override
	public void logMessage(MessageParams message) {
	}
}
