package org.raftforge.generator.plan;

import java.util.List;

/**
 * A variant's plan, or the problems that prevent it.
 *
 * @param plan     the plan, or null when there are problems
 * @param problems what prevents the plan (empty when there is a plan)
 */
public record PlanResult(VariantPlan plan, List<PlanProblem> problems) {

	public static PlanResult of(VariantPlan plan) {
		return new PlanResult(plan, List.of());
	}

	public static PlanResult failed(List<PlanProblem> problems) {
		return new PlanResult(null, List.copyOf(problems));
	}

	public boolean ok() {
		return plan != null;
	}
}
