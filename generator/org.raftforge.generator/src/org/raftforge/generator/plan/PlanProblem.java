package org.raftforge.generator.plan;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;

/**
 * Why a variant cannot be generated even though the model validates (a limit of the runtime or of a target that
 * only the generator knows), located at the model element to change.
 *
 * @param element the model element to change
 * @param feature its feature to change, or null for the element as a whole
 * @param message what is wrong and how to fix it
 */
public record PlanProblem(EObject element, EStructuralFeature feature, String message) {
}
