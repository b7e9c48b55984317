package org.raftforge.generator.targets;

import java.util.List;

import org.raftforge.generator.json.Json;
import org.raftforge.generator.output.GeneratedFile;
import org.raftforge.generator.plan.VariantPlan;

/**
 * What one execution target adds to a variant's output: its own files (the main wiring, scripts), its runtime
 * folders, its Makefile section (a make target of the same name), its section of launch.json's {@code targets} and
 * of the README. The native target supports every variant; the QEMU part adds a target for QEMU variants by
 * implementing this and listing it in {@link TargetSupports}.
 */
public interface TargetSupport {

	/** The make target and the key in launch.json's {@code targets}: "native", "firmware"/"qemu" … */
	String name();

	/** The key of this target in launch.json's {@code targets} (and the launcher's --target). */
	String launchTarget();

	/** Whether this target can run the variant at all. */
	boolean supports(VariantPlan plan);

	/** Runtime folders this target compiles from, relative to runtime/ (e.g. "ports/posix/"). */
	List<String> runtimeFolders(VariantPlan plan);

	/** The files only this target needs. */
	List<GeneratedFile> files(VariantPlan plan);

	/** The Makefile section that defines the make target {@link #name()} (and its clean-up). */
	CharSequence makeRules(VariantPlan plan);

	/** One line for the Makefile's usage comment: what {@code make <name>} builds. */
	String makeUsage(VariantPlan plan);

	/** This target's section of launch.json's {@code targets}. */
	Json.Obj launchSection(VariantPlan plan);

	/** This target's part of the README (how to build and run). */
	CharSequence readmeSection(VariantPlan plan);
}
