package org.raftforge.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.validation.Issue;
import org.raftforge.generator.ClusterGenerator;
import org.raftforge.generator.GenerationReport;
import org.raftforge.generator.PlanProblemsException;
import org.raftforge.generator.ProblemLocation;
import org.raftforge.generator.plan.PlanProblem;

/**
 * Generates every model (*.raft) of {@code modelDirectory}: for each variant the C configuration and wiring, a
 * Makefile, launch.json, run-native.sh, a README and the topology, with a copy of the C runtime, into
 * {@code outputDirectory/<cluster>/<variant>/}. Models are validated first; their errors fail the build with
 * file, line and column. Files whose content did not change are not rewritten.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public final class GenerateMojo extends AbstractMojo {

	/** Where the models are: every *.raft file in it (not in sub-folders). */
	@Parameter(property = "raftforge.modelDirectory", defaultValue = "${project.basedir}/src/main/raft")
	private File modelDirectory;

	/** The output root: one folder per cluster and variant below it. */
	@Parameter(property = "raftforge.outputDirectory",
			defaultValue = "${project.build.directory}/generated-sources/raftforge")
	private File outputDirectory;

	/** Only these variants (of every model that has them); empty: every variant. */
	@Parameter(property = "raftforge.variants")
	private List<String> variants = new ArrayList<>();

	@Parameter(property = "raftforge.skip", defaultValue = "false")
	private boolean skip;

	@Override
	public void execute() throws MojoExecutionException, MojoFailureException {
		if (skip) {
			getLog().info("raftforge: skipped");
			return;
		}
		List<Path> models = models();
		ModelReader reader = new ModelReader();
		List<String> errors = new ArrayList<>();
		List<ModelReader.ReadModel> valid = new ArrayList<>();
		for (Path model : models) {
			ModelReader.ReadModel read = read(reader, model);
			boolean modelErrors = false;
			for (Issue issue : read.issues()) {
				String line = ModelReader.format(model, issue);
				if (issue.getSeverity() == Severity.ERROR) {
					getLog().error(line);
					errors.add(line);
					modelErrors = true;
				} else if (issue.getSeverity() == Severity.WARNING) {
					getLog().warn(line);
				}
			}
			if (read.cluster() == null && !modelErrors) {
				String line = model + ":1:1: error: not a RaftForge model: a model starts with `cluster NAME {`";
				getLog().error(line);
				errors.add(line);
			}
			if (!read.hasErrors()) {
				valid.add(read);
			}
		}
		if (!errors.isEmpty()) {
			throw new MojoFailureException(errors.size() + " error(s) in the RaftForge models; nothing generated:\n"
					+ String.join("\n", errors));
		}
		ClusterGenerator generator = new ClusterGenerator();
		for (ModelReader.ReadModel model : valid) {
			generate(generator, model);
		}
	}

	private List<Path> models() throws MojoFailureException {
		Path directory = modelDirectory.toPath();
		if (!Files.isDirectory(directory)) {
			throw new MojoFailureException("raftforge: the model directory " + directory
					+ " does not exist: put the .raft models there or set <modelDirectory>");
		}
		try (Stream<Path> files = Files.list(directory)) {
			List<Path> models = files.filter(file -> file.getFileName().toString().endsWith(".raft")).sorted().toList();
			if (models.isEmpty()) {
				throw new MojoFailureException("raftforge: no .raft model in " + directory);
			}
			return models;
		} catch (IOException e) {
			throw new MojoFailureException("raftforge: cannot list " + directory + ": " + e.getMessage(), e);
		}
	}

	private static ModelReader.ReadModel read(ModelReader reader, Path model) throws MojoFailureException {
		try {
			return reader.read(model);
		} catch (IOException e) {
			throw new MojoFailureException(model + ": error: cannot read: " + e.getMessage(), e);
		}
	}

	private void generate(ClusterGenerator generator, ModelReader.ReadModel model)
			throws MojoExecutionException, MojoFailureException {
		List<String> wanted = variants.stream()
				.filter(name -> model.cluster().getVariants().stream().anyMatch(v -> v.getName().equals(name)))
				.toList();
		if (!variants.isEmpty() && wanted.isEmpty()) {
			getLog().info("raftforge: " + model.file().getFileName() + " has none of the variants " + variants);
			return;
		}
		try {
			GenerationReport report = generator.generate(model.cluster(), model.file(), outputDirectory.toPath(),
					wanted);
			for (GenerationReport.Variant variant : report.variants()) {
				getLog().info(String.format(Locale.ROOT, "raftforge: %s/%s -> %s (%d written, %d unchanged, %d stale removed)",
						model.cluster().getName(), variant.name(), variant.directory(), variant.written(),
						variant.unchanged(), variant.removed()));
			}
			for (GenerationReport.Variant retired : report.retired()) {
				getLog().info(String.format(Locale.ROOT, "raftforge: %s/%s is no longer in the model: %d generated "
						+ "files removed from %s", model.cluster().getName(), retired.name(), retired.removed(),
						retired.directory()));
			}
			Stream.concat(report.variants().stream(), report.retired().stream())
					.flatMap(variant -> variant.notes().stream()).forEach(note -> getLog().warn("raftforge: " + note));
		} catch (PlanProblemsException e) {
			List<String> lines = new ArrayList<>();
			for (PlanProblem problem : e.problems()) {
				String line = ProblemLocation.format(model.file().toString(), problem);
				getLog().error(line);
				lines.add(line);
			}
			throw new MojoFailureException(model.file() + ": the model is valid, but the runtime or the target "
					+ "cannot build it; nothing generated:\n" + String.join("\n", lines));
		} catch (IOException e) {
			throw new MojoExecutionException("raftforge: cannot write " + outputDirectory + ": " + e.getMessage(), e);
		}
	}
}
