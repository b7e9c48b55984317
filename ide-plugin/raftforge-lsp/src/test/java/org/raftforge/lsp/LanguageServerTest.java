package org.raftforge.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.raftforge.lsp.LspClient.WAIT_SECONDS;

import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.DocumentFormattingParams;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.FormattingOptions;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.SemanticTokensParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The language server in this JVM, spoken to over a pair of pipes exactly as an editor
 * speaks to it over stdio: open a model with an error, get its diagnostics, then ask for
 * completions, a hover, the quick fix, formatting and the outline.
 */
class LanguageServerTest {

	@TempDir
	Path workspace;

	@Test
	void aModelWithAnErrorOverTheProtocol() throws Exception {
		String model = TestModels.base("heartbeat 100ms", "heartbeat 400ms");
		Path file = workspace.resolve("base.raft");
		Files.writeString(file, model);
		String uri = file.toUri().toString();

		PipedInputStream serverIn = new PipedInputStream();
		PipedOutputStream clientOut = new PipedOutputStream(serverIn);
		PipedInputStream clientIn = new PipedInputStream();
		PipedOutputStream serverOut = new PipedOutputStream(clientIn);
		CompletableFuture<Integer> server = CompletableFuture
				.supplyAsync(() -> RaftLanguageServer.serve(serverIn, serverOut, true));
		try (LspClient client = new LspClient(clientIn, clientOut)) {
			InitializeResult init = client.initialize(workspace.toUri().toString());
			assertTrue(init.getCapabilities().getCompletionProvider() != null, "completion offered");
			client.open(uri, model);

			PublishDiagnosticsParams published = client.diagnosticsFor(uri);
			Diagnostic heartbeat = published.getDiagnostics().stream()
					.filter(d -> "heartbeat-too-long".equals(d.getCode().getLeft())).findFirst()
					.orElseThrow(() -> new AssertionError("heartbeat error published: " + published));
			assertEquals(DiagnosticSeverity.Error, heartbeat.getSeverity());
			int line = lineOf(model, "heartbeat 400ms");
			assertEquals(new Position(line, model.split("\n")[line].indexOf("400ms")), heartbeat.getRange().getStart());
			assertTrue(heartbeat.getMessage().getLeft().contains("use at most 100ms"), heartbeat.getMessage().getLeft());

			TextDocumentService documents = client.server().getTextDocumentService();
			TextDocumentIdentifier document = new TextDocumentIdentifier(uri);

			int storageLine = lineOf(model, "variant memory_channel");
			int column = model.split("\n")[storageLine].indexOf("volatile");
			List<CompletionItem> completions = documents
					.completion(new CompletionParams(document, new Position(storageLine, column)))
					.get(WAIT_SECONDS, TimeUnit.SECONDS).getRight().getItems();
			List<String> labels = completions.stream().map(CompletionItem::getLabel).toList();
			assertTrue(labels.containsAll(List.of("volatile", "disk", "hostdisk")), "storages offered: " + labels);

			Hover hover = documents.hover(new HoverParams(document, new Position(line, 6)))
					.get(WAIT_SECONDS, TimeUnit.SECONDS);
			assertTrue(hover.getContents().getRight().getValue().startsWith("`heartbeat DURATION`"),
					hover.getContents().getRight().getValue());

			CodeActionParams fixRequest = new CodeActionParams(document, heartbeat.getRange(),
					new CodeActionContext(List.of(heartbeat)));
			List<CodeAction> actions = documents.codeAction(fixRequest).get(WAIT_SECONDS, TimeUnit.SECONDS).stream()
					.map(Either::getRight).toList();
			assertEquals(List.of("Set the heartbeat to 100ms (a third of the minimum election timeout)"),
					actions.stream().map(CodeAction::getTitle).toList());
			List<TextEdit> edits = actions.get(0).getEdit().getChanges().get(uri);
			assertEquals(List.of(new TextEdit(heartbeat.getRange(), "100ms")), edits);

			List<? extends TextEdit> formatting = documents
					.formatting(new DocumentFormattingParams(document, new FormattingOptions(2, true)))
					.get(WAIT_SECONDS, TimeUnit.SECONDS);
			assertTrue(formatting.isEmpty(), "the model is already in the language's layout: " + formatting);

			assertTrue(init.getCapabilities().getSemanticTokensProvider() != null, "semantic tokens offered");
			List<String> legend = init.getCapabilities().getSemanticTokensProvider().getLegend().getTokenTypes();
			List<Integer> tokens = documents.semanticTokensFull(new SemanticTokensParams(document))
					.get(WAIT_SECONDS, TimeUnit.SECONDS).getData();
			// five numbers per token; the first token is the `cluster` keyword on line 0
			assertTrue(tokens.size() > 5 * 100, "every token of the model is classified: " + tokens.size() / 5);
			assertEquals(List.of(0, 0, "cluster".length()), tokens.subList(0, 3));
			assertEquals("keyword", legend.get(tokens.get(3)));

			List<String> symbols = documents.documentSymbol(new DocumentSymbolParams(document))
					.get(WAIT_SECONDS, TimeUnit.SECONDS).stream().map(symbol -> symbol.getRight().getName()).toList();
			assertEquals(List.of("base"), symbols);
		}
		assertEquals(0, server.get(WAIT_SECONDS, TimeUnit.SECONDS), "the server ends when the client closes");
		assertFalse(server.isCompletedExceptionally());
	}

	@Test
	void anEditorWithoutAWorkspaceGetsTheCurrentFolder() throws Exception {
		PipedInputStream serverIn = new PipedInputStream();
		PipedOutputStream clientOut = new PipedOutputStream(serverIn);
		PipedInputStream clientIn = new PipedInputStream();
		PipedOutputStream serverOut = new PipedOutputStream(clientIn);
		CompletableFuture<Integer> server = CompletableFuture
				.supplyAsync(() -> RaftLanguageServer.serve(serverIn, serverOut, true));
		try (LspClient client = new LspClient(clientIn, clientOut)) {
			InitializeResult init = client.initialize(null);
			assertTrue(init.getCapabilities().getHoverProvider().isLeft(), "initialized without a root");
		}
		assertEquals(0, server.get(WAIT_SECONDS, TimeUnit.SECONDS));
	}

	static int lineOf(String text, String content) {
		String[] lines = text.split("\n");
		for (int i = 0; i < lines.length; i++) {
			if (lines[i].contains(content)) {
				return i;
			}
		}
		throw new AssertionError("no line with " + content);
	}
}
