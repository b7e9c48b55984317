package org.raftforge.generator.templates

import org.raftforge.generator.plan.PlannedNode
import org.raftforge.generator.plan.VariantPlan

import static org.raftforge.generator.templates.CText.*

/** topology.dot: the nodes, how they talk and where they keep their state (Graphviz). */
class TopologyDotTemplate {

	public static val PATH = "topology.dot"
	public static val SVG_PATH = "topology.svg"

	def CharSequence content(VariantPlan plan) '''
		// topology.dot — cluster «plan.clusterName», variant «plan.variantName».
		//
		// «generatedFrom(plan)»
		// Render it with: dot -Tsvg topology.dot -o topology.svg
		graph «plan.clusterName»_«plan.variantName» {
		  label=«quoted(title(plan))»;
		  labelloc=t;
		  fontname="Helvetica";
		  node [fontname="Helvetica", shape=box, style=rounded];
		  edge [color="#666666"];

		  transport [shape=ellipse, label=«quoted(transportLabel(plan))»];
		  «FOR node : plan.nodes»
		  node_«Integer.toUnsignedString(node.id)» [label=«quoted(nodeLabel(plan, node))»«IF node.learner», style="rounded,dashed"«ENDIF»];
		  «ENDFOR»
		  «FOR node : plan.nodes»
		  node_«Integer.toUnsignedString(node.id)» -- transport;
		  «ENDFOR»
		}
	'''

	def static String title(VariantPlan plan) {
		'''«plan.clusterName» / «plan.variantName»: «plan.modelTarget.word» target «plan.targetName», «plan.storage.kind.word» storage «plan.storage.modelName»'''
	}

	def static String transportLabel(VariantPlan plan) {
		if (plan.transport.isUdp)
			'''udp «plan.transport.modelName»\n«plan.transport.subnet»'''
		else
			'''channel «plan.transport.modelName»\ncapacity «plan.transport.capacity» messages'''
	}

	def static String nodeLabel(VariantPlan plan, PlannedNode node) {
		'''«node.name»\nid «Integer.toUnsignedString(node.id)», «node.role»\n«node.address»:«node.port»«IF plan.storage.durable»\nraft_node_«Integer.toUnsignedString(node.id)»_*.bin«ENDIF»'''
	}

	/** A Graphviz string. The labels are made of model names and numbers (no quotes); their "\n" (backslash, n) is
	 * Graphviz's line break. */
	def static String quoted(String text) {
		'"' + text.replace('"', '\\"') + '"'
	}
}
