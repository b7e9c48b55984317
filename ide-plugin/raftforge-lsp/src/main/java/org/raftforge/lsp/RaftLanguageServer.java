package org.raftforge.lsp;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.apache.log4j.ConsoleAppender;
import org.apache.log4j.Level;
import org.apache.log4j.Logger;
import org.apache.log4j.PatternLayout;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.xtext.ide.server.ILanguageServerShutdownAndExitHandler;
import org.eclipse.xtext.ide.server.LanguageServerImpl;
import org.eclipse.xtext.ide.server.ServerModule;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.util.Modules;

/**
 * The RaftForge language server over stdio: Xtext's LSP implementation with the
 * language's ide services (found through META-INF/services/org.eclipse.xtext.ISetup of
 * org.raftforge.dsl.ide). Standard output carries only the protocol; anything else goes
 * to standard error.
 */
public final class RaftLanguageServer {

	private RaftLanguageServer() {
	}

	public static void main(String[] args) {
		PrintStream protocolOut = System.out;
		System.setOut(System.err);
		System.exit(serve(System.in, protocolOut, false));
	}

	/**
	 * Serves one client until it closes the connection. With {@code embedded}, the server
	 * never calls System.exit (an `exit` notification just ends the session), so it can run
	 * inside another program or a test.
	 *
	 * @return 0 when the client closed the connection, 1 when the connection failed
	 */
	public static int serve(InputStream in, OutputStream out, boolean embedded) {
		logWarningsToStandardError();
		Module server = Modules.override(new ServerModule()).with(binder -> {
			binder.bind(LanguageServerImpl.class).to(WorkspaceDefaultingLanguageServer.class);
			if (embedded) {
				binder.bind(ILanguageServerShutdownAndExitHandler.class)
						.to(ILanguageServerShutdownAndExitHandler.NullImpl.class);
			}
		});
		Injector injector = Guice.createInjector(server);
		LanguageServerImpl languageServer = injector.getInstance(LanguageServerImpl.class);
		Launcher<LanguageClient> launcher = Launcher.createLauncher(languageServer, LanguageClient.class, in, out);
		languageServer.connect(launcher.getRemoteProxy());
		Future<Void> listening = launcher.startListening();
		try {
			listening.get();
			return 0;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return 1;
		} catch (ExecutionException e) {
			System.err.println("raftforge lsp: the connection failed: " + e.getCause());
			return 1;
		}
	}

	/** Xtext logs through log4j; without a configuration it would complain on first use. */
	private static void logWarningsToStandardError() {
		Logger root = Logger.getRootLogger();
		if (!root.getAllAppenders().hasMoreElements()) {
			root.addAppender(new ConsoleAppender(new PatternLayout("raftforge lsp: %p: %c{1}: %m%n"),
					ConsoleAppender.SYSTEM_ERR));
			root.setLevel(Level.WARN);
		}
	}
}
