package org.raftforge.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import org.raftforge.generator.ClusterGenerator;
import org.raftforge.generator.GenerationReport;
import org.raftforge.generator.PlanProblemsException;
import org.raftforge.generator.ProblemLocation;
import org.raftforge.generator.plan.PlanProblem;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** `raftforge generate MODEL [-o DIR] [--variant V]`: validate, then write each variant's sources and launch files. */
@Command(name = "generate",
		mixinStandardHelpOptions = true,
		description = { "Generate, for each variant of a model, the C configuration and wiring, a Makefile, "
				+ "launch.json, run-native.sh, a README and the topology into DIR/<cluster>/<variant>/ "
				+ "(with a copy of the C runtime, so each folder builds on its own).",
				"The model is validated first: its errors are printed as FILE:LINE:COL: error: MESSAGE [code] and "
						+ "nothing is generated. Files whose content did not change are not rewritten.",
				"Exits 0 when generated, 1 when the model has errors, 2 on usage errors (missing file, unknown "
						+ "variant, output not writable)." })
final class GenerateCommand implements Callable<Integer> {

	@Spec
	private CommandSpec spec;

	@Parameters(paramLabel = "MODEL", description = "the .raft model")
	private Path model;

	@Option(names = { "-o", "--output" }, paramLabel = "DIR", defaultValue = "generated",
			description = "output root (default: ${DEFAULT-VALUE})")
	private Path output;

	@Option(names = "--variant", paramLabel = "V",
			description = "generate only this variant (repeatable); default: every variant")
	private List<String> variants = List.of();

	@Option(names = { "-q", "--quiet" }, description = "print only problems, not a line per variant")
	private boolean quiet;

	@Override
	public Integer call() {
		PrintWriter out = spec.commandLine().getOut();
		PrintWriter err = spec.commandLine().getErr();
		LoadedModel loaded;
		try {
			loaded = new ModelLoader().load(model);
		} catch (ModelFileException e) {
			err.println(e.getMessage());
			return e.exitCode();
		}
		new DiagnosticPrinter(err).print(loaded, false);
		if (loaded.hasErrors()) {
			err.println(model + ": note: nothing generated: fix the errors above first");
			return ExitCodes.MODEL_ERRORS;
		}
		try {
			GenerationReport report = new ClusterGenerator().generate(loaded.cluster(), model, output, variants);
			if (!quiet) {
				for (GenerationReport.Variant variant : report.variants()) {
					out.println("generated " + loaded.cluster().getName() + "/" + variant.name() + " in "
							+ variant.directory() + " (" + variant.written() + " files written, " + variant.unchanged()
							+ " unchanged" + (variant.removed() > 0 ? ", " + variant.removed() + " stale removed" : "")
							+ ")");
				}
				for (GenerationReport.Variant retired : report.retired()) {
					out.println("removed " + retired.removed() + " generated files of " + loaded.cluster().getName()
							+ "/" + retired.name() + ", a variant the model no longer has, from " + retired.directory());
				}
			}
			// notes say what was left in place: shown even with --quiet
			Stream.concat(report.variants().stream(), report.retired().stream())
					.flatMap(variant -> variant.notes().stream()).forEach(note -> err.println("note: " + note));
			if (!quiet) {
				out.println(String.format(Locale.ROOT, "%d variant%s in %.2f s", report.variants().size(),
						report.variants().size() == 1 ? "" : "s", report.nanos() / 1e9));
			}
			return ExitCodes.OK;
		} catch (IllegalArgumentException e) {
			err.println(model + ": error: " + e.getMessage());
			return ExitCodes.USAGE;
		} catch (PlanProblemsException e) {
			for (PlanProblem problem : e.problems()) {
				err.println(ProblemLocation.format(model.toString(), problem));
			}
			err.println(model + ": note: nothing generated: the model is valid, but the runtime or the target "
					+ "cannot build it as it stands");
			return ExitCodes.MODEL_ERRORS;
		} catch (IOException e) {
			err.println(output + ": error: cannot write the generated files: " + e.getMessage());
			return ExitCodes.USAGE;
		}
	}
}
