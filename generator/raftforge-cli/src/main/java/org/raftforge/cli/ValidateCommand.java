package org.raftforge.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.eclipse.xtext.diagnostics.Severity;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** `raftforge validate FILE...`: parse, link and check models; print compiler-style diagnostics. */
@Command(name = "validate",
		mixinStandardHelpOptions = true,
		description = { "Check .raft models and print every problem as FILE:LINE:COL: error|warning: MESSAGE [code].",
				"Exits 0 when all models are valid (warnings allowed), 1 when any has an error "
						+ "(or is not a model), 2 on usage errors such as a missing file." })
final class ValidateCommand implements Callable<Integer> {

	@Spec
	private CommandSpec spec;

	@Parameters(arity = "1..*", paramLabel = "FILE", description = "the .raft models to check")
	private List<Path> files;

	@Option(names = { "-q", "--quiet" }, description = "print only diagnostics, not a line per valid file")
	private boolean quiet;

	@Option(names = "--warnings-as-errors", description = "treat warnings as errors (exit 1 on any)")
	private boolean warningsAsErrors;

	@Override
	public Integer call() {
		PrintWriter out = spec.commandLine().getOut();
		PrintWriter err = spec.commandLine().getErr();
		DiagnosticPrinter printer = new DiagnosticPrinter(err);
		ModelLoader loader = new ModelLoader();
		int exitCode = ExitCodes.OK;
		for (Path file : files) {
			try {
				LoadedModel model = loader.load(file);
				printer.print(model, warningsAsErrors);
				boolean failed = model.hasErrors() || (warningsAsErrors && model.count(Severity.WARNING) > 0);
				if (failed) {
					exitCode = Math.max(exitCode, ExitCodes.MODEL_ERRORS);
				} else if (!quiet) {
					out.println(file + ": valid (cluster " + model.cluster().getName() + ", "
							+ model.cluster().getNodes().size() + " nodes, " + model.cluster().getVariants().size()
							+ " variants" + warnings(model) + ")");
				}
			} catch (ModelFileException e) {
				err.println(e.getMessage());
				exitCode = Math.max(exitCode, e.exitCode());
			}
		}
		return exitCode;
	}

	private static String warnings(LoadedModel model) {
		long count = model.count(Severity.WARNING);
		return count == 0 ? "" : ", " + count + (count == 1 ? " warning" : " warnings");
	}
}
