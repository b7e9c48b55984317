package org.raftforge.generator.targets;

import java.util.List;

import org.raftforge.generator.plan.VariantPlan;

/** The targets the generator knows, in the order their sections appear in the output. */
public final class TargetSupports {

	private TargetSupports() {
	}

	/** Every target: the host, and QEMU boards (for QEMU variants on a machine with a port). */
	public static List<TargetSupport> all() {
		return List.of(new NativeTargetSupport(), new QemuTargetSupport());
	}

	/** The targets that can run {@code plan}. */
	public static List<TargetSupport> of(VariantPlan plan) {
		return all().stream().filter(target -> target.supports(plan)).toList();
	}
}
