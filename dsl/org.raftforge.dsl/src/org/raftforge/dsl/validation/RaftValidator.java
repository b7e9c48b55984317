package org.raftforge.dsl.validation;

import org.eclipse.xtext.validation.ComposedChecks;

/**
 * All validation of a cluster model, one class per concern.
 */
@ComposedChecks(validators = {
		NodesValidator.class,
		TimingValidator.class,
		LogValidator.class,
		ResourcesValidator.class,
		StorageTargetValidator.class,
		VariantsValidator.class,
		WorkloadValidator.class })
public class RaftValidator extends AbstractRaftValidator {
}
