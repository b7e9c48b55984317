package org.raftforge.generator;

import java.util.List;

import org.raftforge.generator.plan.PlanProblem;

/** The model validates, but a variant cannot be generated: the problems say where and why. */
public final class PlanProblemsException extends Exception {

	private static final long serialVersionUID = 1L;

	private final transient List<PlanProblem> problems;

	public PlanProblemsException(List<PlanProblem> problems) {
		super(problems.size() + " problem(s): " + problems.get(0).message());
		this.problems = List.copyOf(problems);
	}

	public List<PlanProblem> problems() {
		return problems;
	}
}
