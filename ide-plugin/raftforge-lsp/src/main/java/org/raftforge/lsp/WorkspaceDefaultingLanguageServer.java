package org.raftforge.lsp;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.xtext.ide.server.LanguageServerImpl;

/**
 * Xtext's language server, tolerant of editors that open a single file without a
 * workspace (no rootUri, no workspace folders): Xtext needs a root, so the folder the
 * server was started in becomes the workspace instead of the request failing.
 */
public class WorkspaceDefaultingLanguageServer extends LanguageServerImpl {

	@Override
	public CompletableFuture<InitializeResult> initialize(InitializeParams params) {
		boolean noFolders = params.getWorkspaceFolders() == null || params.getWorkspaceFolders().isEmpty();
		@SuppressWarnings("deprecation")
		boolean noRoot = params.getRootUri() == null && params.getRootPath() == null;
		if (noFolders && noRoot) {
			params.setRootUri(Path.of("").toAbsolutePath().toUri().toString());
		}
		return super.initialize(params);
	}
}
