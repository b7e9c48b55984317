package org.raftforge.dsl.serializer;

import org.eclipse.emf.ecore.EEnum;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.serializer.sequencer.LegacyTransientValueService;

/**
 * Writes every enum setting (pre-vote on, cpu cortex-m4 ...) when a model is serialized
 * from scratch. By default a value equal to the enum's first literal counts as unset and
 * is dropped, which loses required settings such as {@code cpu} inside unordered groups.
 */
public class RaftTransientValueService extends LegacyTransientValueService {

	@Override
	public ValueTransient isValueTransient(EObject semanticObject, EStructuralFeature feature) {
		if (feature.getEType() instanceof EEnum && !feature.isTransient()) {
			return ValueTransient.NO;
		}
		return super.isValueTransient(semanticObject, feature);
	}
}
