package org.raftforge.generator;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.raftforge.generator.output.GeneratedFile;
import org.raftforge.generator.output.GraphvizRenderer;
import org.raftforge.generator.output.RuntimeSources;
import org.raftforge.generator.plan.VariantPlan;
import org.raftforge.generator.targets.TargetSupport;
import org.raftforge.generator.targets.TargetSupports;
import org.raftforge.generator.templates.ClusterConfigHeaderTemplate;
import org.raftforge.generator.templates.ClusterConfigSourceTemplate;
import org.raftforge.generator.templates.LaunchDescriptionTemplate;
import org.raftforge.generator.templates.MakefileTemplate;
import org.raftforge.generator.templates.ReadmeTemplate;
import org.raftforge.generator.templates.TopologyDotTemplate;

/**
 * The template stage: one template per output file over a {@link VariantPlan}, the files of every target that can
 * run the variant, and the runtime sources those targets compile. Pure: the same plan gives the same bytes.
 */
public final class VariantOutput {

	private final RuntimeSources runtime;
	private final GraphvizRenderer graphviz;

	public VariantOutput(RuntimeSources runtime, GraphvizRenderer graphviz) {
		this.runtime = runtime;
		this.graphviz = graphviz;
	}

	/** Every file of the variant's output, in a fixed order. */
	public List<GeneratedFile> files(VariantPlan plan) {
		List<TargetSupport> targets = TargetSupports.of(plan);
		List<GeneratedFile> files = new ArrayList<>();
		files.add(GeneratedFile.text(ClusterConfigHeaderTemplate.PATH, new ClusterConfigHeaderTemplate().content(plan)));
		files.add(GeneratedFile.text(ClusterConfigSourceTemplate.PATH, new ClusterConfigSourceTemplate().content(plan)));
		files.add(GeneratedFile.text(MakefileTemplate.PATH,
				new MakefileTemplate().content(plan, runtime.paths(), targets)));
		files.add(GeneratedFile.text(LaunchDescriptionTemplate.PATH,
				new LaunchDescriptionTemplate().content(plan, targets)));
		String dot = new TopologyDotTemplate().content(plan).toString();
		files.add(GeneratedFile.text(TopologyDotTemplate.PATH, dot));
		Optional<byte[]> svg = graphviz.toSvg(dot);
		svg.ifPresent(bytes -> files.add(new GeneratedFile(TopologyDotTemplate.SVG_PATH, bytes, false)));
		files.add(GeneratedFile.text(ReadmeTemplate.PATH, new ReadmeTemplate().content(plan, targets, svg.isPresent())));
		for (TargetSupport target : targets) {
			files.addAll(target.files(plan));
		}
		Set<String> folders = new LinkedHashSet<>();
		targets.forEach(target -> folders.addAll(target.runtimeFolders(plan)));
		files.addAll(runtime.filesUnder(List.copyOf(folders)));
		return files;
	}
}
