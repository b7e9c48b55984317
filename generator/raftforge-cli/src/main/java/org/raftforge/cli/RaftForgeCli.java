package org.raftforge.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The `raftforge` command. Each subcommand is its own class listed here; a subcommand
 * returns one of the {@link ExitCodes}.
 */
@Command(name = "raftforge",
		mixinStandardHelpOptions = true,
		versionProvider = Version.class,
		description = "Turns a model of a Raft cluster (.raft) into firmware and host programs, and runs them.",
		subcommands = {
				ValidateCommand.class,
				GenerateCommand.class,
				org.raftforge.cli.launch.LaunchCommand.class,
				org.raftforge.cli.bench.BenchCommand.class,
				LspCommand.class,
				CommandLine.HelpCommand.class },
		footer = { "", "Exit codes: 0 success, 1 a model has errors, 2 usage error (bad option, missing file), "
				+ "3 internal error; launch and bench: 4 the cluster did not do its job, 5 the machine refused "
				+ "(build failed, port in use)." })
public final class RaftForgeCli implements Runnable {

	@CommandLine.Spec
	private CommandLine.Model.CommandSpec spec;

	/** `raftforge` alone: say what to do instead of doing nothing. */
	@Override
	public void run() {
		throw new CommandLine.ParameterException(spec.commandLine(), "name a command, e.g. `raftforge validate FILE`");
	}

	public static void main(String[] args) {
		System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
	}

	/** Runs the command line with the given streams; returns the exit code (used by tests). */
	public static int run(PrintWriter out, PrintWriter err, String... args) {
		CommandLine commandLine = new CommandLine(new RaftForgeCli());
		commandLine.setOut(out);
		commandLine.setErr(err);
		commandLine.setExecutionExceptionHandler(new InternalErrorHandler());
		int code = commandLine.execute(args);
		out.flush();
		err.flush();
		return code;
	}

	/** A bug in RaftForge: one line and where to look, the stack trace only when asked for. */
	private static final class InternalErrorHandler implements CommandLine.IExecutionExceptionHandler {
		@Override
		public int handleExecutionException(Exception exception, CommandLine commandLine,
				CommandLine.ParseResult parseResult) {
			PrintWriter err = commandLine.getErr();
			err.println("raftforge: internal error: " + exception);
			if (System.getenv("RAFTFORGE_DEBUG") != null) {
				exception.printStackTrace(err);
			} else {
				err.println("raftforge: run again with RAFTFORGE_DEBUG=1 for the stack trace, and report it");
			}
			return ExitCodes.INTERNAL_ERROR;
		}
	}
}
