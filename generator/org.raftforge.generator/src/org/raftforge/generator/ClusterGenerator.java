package org.raftforge.generator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.raftforge.dsl.model.Variants;
import org.raftforge.dsl.raft.Cluster;
import org.raftforge.dsl.raft.Variant;
import org.raftforge.generator.output.GenerationManifest;
import org.raftforge.generator.output.GraphvizRenderer;
import org.raftforge.generator.output.OutputWriter;
import org.raftforge.generator.output.RuntimeSources;
import org.raftforge.generator.plan.PlanProblem;
import org.raftforge.generator.plan.PlanResult;
import org.raftforge.generator.plan.VariantPlan;
import org.raftforge.generator.plan.VariantPlanner;

/**
 * The generator's plain-Java entry point (CLI, Maven plugin, launcher; no OSGi needed): plans the asked variants
 * of a validated model, renders their files and writes into {@code OUT/<cluster>/<variant>/} only what changed;
 * files of earlier generations that are no longer produced are deleted (see OutputWriter).
 */
public final class ClusterGenerator {

	private final VariantPlanner planner = new VariantPlanner();
	private final VariantOutput output;
	private final OutputWriter writer = new OutputWriter();

	public ClusterGenerator() {
		this(new GraphvizRenderer());
	}

	public ClusterGenerator(GraphvizRenderer graphviz) {
		this.output = new VariantOutput(RuntimeSources.load(), graphviz);
	}

	/** Where a variant's output goes. */
	public static Path variantDirectory(Path outRoot, String cluster, String variant) {
		return outRoot.resolve(cluster).resolve(variant);
	}

	/**
	 * Plans every asked variant first (nothing is written when one has a problem), then writes them.
	 *
	 * @param cluster      a model without validation errors
	 * @param modelFile    the model's file (its name goes into headers)
	 * @param outRoot      the output root
	 * @param variantNames the variants to generate; empty for all of them
	 * @throws IllegalArgumentException when a named variant does not exist (the message lists the variants)
	 * @throws PlanProblemsException    when a variant cannot be generated (located problems)
	 * @throws IOException              when writing fails
	 */
	public GenerationReport generate(Cluster cluster, Path modelFile, Path outRoot, List<String> variantNames)
			throws PlanProblemsException, IOException {
		long start = System.nanoTime();
		List<VariantPlan> plans = plan(cluster, modelFile.getFileName().toString(), variantNames);
		List<GenerationReport.Variant> reports = new ArrayList<>();
		for (VariantPlan plan : plans) {
			Path directory = variantDirectory(outRoot, plan.clusterName(), plan.variantName());
			OutputWriter.Result written = writer.write(directory, output.files(plan));
			reports.add(new GenerationReport.Variant(plan.variantName(), directory, written.files(), written.notes()));
		}
		List<GenerationReport.Variant> retired = retireRemovedVariants(cluster, outRoot.resolve(cluster.getName()));
		return new GenerationReport(List.copyOf(reports), retired, System.nanoTime() - start);
	}

	/**
	 * Outputs under OUT/&lt;cluster&gt;/ that an earlier generation wrote (they have a manifest) for a variant the
	 * model no longer declares lose their generated files; anything else there is left alone.
	 */
	private List<GenerationReport.Variant> retireRemovedVariants(Cluster cluster, Path clusterDirectory)
			throws IOException {
		if (!Files.isDirectory(clusterDirectory)) {
			return List.of();
		}
		Set<String> declared = cluster.getVariants().stream().map(Variant::getName).collect(Collectors.toSet());
		List<Path> stale;
		try (Stream<Path> entries = Files.list(clusterDirectory)) {
			stale = entries.filter(entry -> Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS))
					.filter(entry -> Files.isRegularFile(entry.resolve(GenerationManifest.FILE_NAME),
							LinkOption.NOFOLLOW_LINKS))
					.filter(entry -> !declared.contains(entry.getFileName().toString())).sorted().toList();
		}
		List<GenerationReport.Variant> retired = new ArrayList<>();
		for (Path directory : stale) {
			OutputWriter.Result result = writer.retire(directory);
			retired.add(new GenerationReport.Variant(directory.getFileName().toString(), directory, result.files(),
					result.notes()));
		}
		return List.copyOf(retired);
	}

	/** The plans of the asked variants (all when {@code variantNames} is empty), or every problem found. */
	public List<VariantPlan> plan(Cluster cluster, String modelFileName, List<String> variantNames)
			throws PlanProblemsException {
		List<Variant> variants = variantNames.isEmpty() ? cluster.getVariants()
				: variantNames.stream().map(name -> Variants.select(cluster, name)).toList();
		if (variants.isEmpty()) {
			throw new IllegalArgumentException("cluster " + cluster.getName()
					+ " declares no variant: add one, e.g. `default variant v { storage S transport T target X }`");
		}
		List<VariantPlan> plans = new ArrayList<>();
		List<PlanProblem> problems = new ArrayList<>();
		for (Variant variant : variants) {
			PlanResult result = planner.plan(cluster, variant, modelFileName);
			if (result.ok()) {
				plans.add(result.plan());
			} else {
				problems.addAll(result.problems());
			}
		}
		if (!problems.isEmpty()) {
			throw new PlanProblemsException(problems);
		}
		return plans;
	}

	/** The files of one planned variant, without writing them (golden tests, the IDE builder). */
	public List<org.raftforge.generator.output.GeneratedFile> render(VariantPlan plan) {
		return output.files(plan);
	}
}
