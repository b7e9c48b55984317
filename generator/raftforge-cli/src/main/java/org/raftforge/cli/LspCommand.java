package org.raftforge.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;

import org.raftforge.lsp.RaftLanguageServer;

import picocli.CommandLine.Command;

/** `raftforge lsp`: the language server for editors other than Eclipse, on stdin/stdout. */
@Command(name = "lsp",
		mixinStandardHelpOptions = true,
		description = { "Run the RaftForge language server (Language Server Protocol) on stdin/stdout, for editors "
				+ "such as VS Code, Neovim or Emacs: diagnostics, completion, hover, outline, formatting and quick "
				+ "fixes for .raft files.",
				"Configure the editor to start `raftforge lsp` for *.raft files. Standard output carries only the "
						+ "protocol; messages go to standard error. Exits when the editor closes the connection." })
final class LspCommand implements Callable<Integer> {

	@Override
	public Integer call() {
		PrintStream protocol = System.out;
		// anything printed by accident must not corrupt the protocol stream
		System.setOut(System.err);
		return RaftLanguageServer.serve(System.in, protocol, false) == 0 ? ExitCodes.OK : ExitCodes.INTERNAL_ERROR;
	}
}
