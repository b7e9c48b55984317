package org.raftforge.generator

import java.io.ByteArrayInputStream
import org.eclipse.emf.ecore.resource.Resource
import org.eclipse.xtext.generator.AbstractGenerator
import org.eclipse.xtext.generator.IFileSystemAccess2
import org.eclipse.xtext.generator.IGeneratorContext
import org.raftforge.dsl.raft.Cluster

/**
 * The generator as Xtext's builders call it (IGenerator2): every variant of the model into
 * {@code <cluster>/<variant>/} of the file system access. Variants that cannot be planned are left out; their
 * problems are what `raftforge generate` reports.
 */
class RaftGenerator extends AbstractGenerator {

	val generator = new ClusterGenerator

	override doGenerate(Resource input, IFileSystemAccess2 fsa, IGeneratorContext context) {
		val cluster = input.contents.head
		if (!(cluster instanceof Cluster)) {
			return
		}
		val model = cluster as Cluster
		for (variant : model.variants) {
			if (context.cancelIndicator !== null && context.cancelIndicator.canceled) {
				return
			}
			try {
				for (plan : generator.plan(model, input.URI.lastSegment, #[variant.name])) {
					for (file : generator.render(plan)) {
						fsa.generateFile(model.name + "/" + plan.variantName + "/" + file.path,
							new ByteArrayInputStream(file.content))
					}
				}
			} catch (PlanProblemsException e) {
				// not generated: the problems are reported where the model is generated from the command line
			}
		}
	}
}
