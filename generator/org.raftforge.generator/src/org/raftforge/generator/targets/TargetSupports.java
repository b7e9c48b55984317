package org.raftforge.generator.targets;

import java.util.List;

import org.raftforge.generator.plan.VariantPlan;

/** The targets the generator knows, in the order their sections appear in the output. */
public final class TargetSupports {

	private TargetSupports() {
	}

	/** Every target; the QEMU part appends its own here. */
	public static List<TargetSupport> all() {
		return List.of(new NativeTargetSupport());
	}

	/** The targets that can run {@code plan}. */
	public static List<TargetSupport> of(VariantPlan plan) {
		return all().stream().filter(target -> target.supports(plan)).toList();
	}
}
