package org.raftforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentClientCapabilities;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `raftforge lsp` as an editor starts it: a separate process speaking the Language Server
 * Protocol on stdin/stdout. Opens a model with an error, receives its diagnostic and a
 * completion, shuts the server down and expects exit code 0.
 */
class LspCommandTest {

	private static final long WAIT_SECONDS = 60;

	@TempDir
	Path workspace;

	@Test
	void answersOverStdio() throws Exception {
		String model = Files.readString(Path.of(System.getProperty("raftforge.examples", "../../examples"), "trio",
				"trio.raft")).replace("heartbeat 50ms", "heartbeat 200ms");
		Path file = workspace.resolve("trio.raft");
		Files.writeString(file, model);
		String uri = file.toUri().toString();

		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
				RaftForgeCli.class.getName(), "lsp").redirectError(workspace.resolve("stderr.txt").toFile()).start();
		BlockingQueue<PublishDiagnosticsParams> published = new LinkedBlockingQueue<>();
		Launcher<LanguageServer> launcher = Launcher.createLauncher(new DiagnosticsCollector(published),
				LanguageServer.class, process.getInputStream(), process.getOutputStream());
		launcher.startListening();
		LanguageServer server = launcher.getRemoteProxy();

		InitializeParams init = new InitializeParams();
		init.setWorkspaceFolders(List.of(new WorkspaceFolder(workspace.toUri().toString(), "models")));
		init.setRootUri(workspace.toUri().toString());
		init.setCapabilities(new ClientCapabilities(null, new TextDocumentClientCapabilities(), null));
		server.initialize(init).get(WAIT_SECONDS, TimeUnit.SECONDS);
		server.initialized(new InitializedParams());
		server.getTextDocumentService()
				.didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "raft", 1, model)));

		PublishDiagnosticsParams diagnostics = published.poll(WAIT_SECONDS, TimeUnit.SECONDS);
		while (diagnostics != null && !diagnostics.getUri().equals(uri)) {
			diagnostics = published.poll(WAIT_SECONDS, TimeUnit.SECONDS);
		}
		assertTrue(diagnostics != null, "diagnostics for the model");
		assertEquals(List.of("heartbeat-too-long"),
				diagnostics.getDiagnostics().stream().map(d -> d.getCode().getLeft()).toList());

		String[] lines = model.split("\n");
		// the blank line after the last node
		int line = List.of(lines).indexOf("  node delta 127.0.0.1:7104 id 4 learner");
		assertEquals("", lines[line + 1]);
		List<String> labels = server.getTextDocumentService()
				.completion(new CompletionParams(new TextDocumentIdentifier(uri), new Position(line + 1, 0)))
				.get(WAIT_SECONDS, TimeUnit.SECONDS).getRight().getItems().stream().map(CompletionItem::getLabel)
				.toList();
		assertTrue(labels.contains("node n5 127.0.0.1:7105"), "a new node on the shared address: " + labels);

		server.shutdown().get(WAIT_SECONDS, TimeUnit.SECONDS);
		server.exit();
		assertTrue(process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS), "exits after shutdown and exit");
		assertEquals(0, process.exitValue(), Files.readString(workspace.resolve("stderr.txt")));
	}

	/** The editor's side: collects published diagnostics, ignores everything else. */
	private record DiagnosticsCollector(BlockingQueue<PublishDiagnosticsParams> published) implements LanguageClient {

		@Override
		public void publishDiagnostics(PublishDiagnosticsParams diagnostics) {
			published.add(diagnostics);
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
}
