package org.raftforge.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.raftforge.lsp.LspClient.WAIT_SECONDS;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged server as an editor starts it: `java -jar raftforge-lsp.jar`, the protocol
 * on its stdin/stdout. Opens a model with an error, receives the diagnostic, asks for a
 * completion, then shuts the server down and expects it to exit 0.
 */
class LanguageServerJarIT {

	@TempDir
	Path workspace;

	@Test
	void diagnosticsAndCompletionsOverStdio() throws Exception {
		Path jar = Path.of(System.getProperty("raftforge.lsp.jar", "target/raftforge-lsp.jar"));
		assertTrue(Files.isRegularFile(jar), "the runnable jar was packaged: " + jar);
		String model = TestModels.base("  node n2 10.0.0.2:9002\n", "  node n2 10.0.0.1:9001\n");
		Path file = workspace.resolve("base.raft");
		Files.writeString(file, model);
		String uri = file.toUri().toString();

		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process server = new ProcessBuilder(java, "-jar", jar.toString()).redirectError(workspace.resolve("stderr.txt").toFile())
				.start();
		try (LspClient client = new LspClient(server.getInputStream(), server.getOutputStream())) {
			client.initialize(workspace.toUri().toString());
			client.open(uri, model);
			List<Diagnostic> diagnostics = client.diagnosticsFor(uri).getDiagnostics();
			Diagnostic duplicate = diagnostics.stream().filter(d -> "duplicate-endpoint".equals(d.getCode().getLeft()))
					.findFirst().orElseThrow(() -> new AssertionError("duplicate endpoint reported: " + diagnostics));
			assertEquals(LanguageServerTest.lineOf(model, "node n2 10.0.0.1:9001"), duplicate.getRange().getStart().getLine());

			int line = LanguageServerTest.lineOf(model, "node n2 10.0.0.1:9001");
			int column = model.split("\n")[line].indexOf("9001");
			List<String> labels = client.server().getTextDocumentService()
					.completion(new CompletionParams(new TextDocumentIdentifier(uri), new Position(line, column)))
					.get(WAIT_SECONDS, TimeUnit.SECONDS).getRight().getItems().stream().map(CompletionItem::getLabel)
					.toList();
			assertTrue(labels.contains("9006"), "the next free port offered: " + labels);
		}
		assertTrue(server.waitFor(WAIT_SECONDS, TimeUnit.SECONDS), "the server exits after shutdown and exit");
		assertEquals(0, server.exitValue(), "exit code after a clean shutdown; stderr: "
				+ Files.readString(workspace.resolve("stderr.txt")));
	}

}
