package org.raftforge.generator.templates

import java.util.List
import org.raftforge.generator.plan.VariantPlan
import org.raftforge.generator.targets.RuntimeLayout
import org.raftforge.generator.targets.TargetSupport

import static org.raftforge.generator.templates.CText.*

/**
 * The variant's Makefile: the portable sources every target compiles (core + this variant's backends), then one
 * section per target (its make target and port sources), all from the runtime copy in runtime/.
 */
class MakefileTemplate {

	public static val PATH = "Makefile"

	def CharSequence content(VariantPlan plan, List<String> runtimePaths, List<TargetSupport> targets) {
		'''
		# Makefile — builds cluster «plan.clusterName», variant «plan.variantName».
		#
		# «generatedFrom(plan)»
		#
		«FOR target : targets»
		#   make «target.name»«" ".repeat(Math.max(1, 10 - target.name.length))»«target.makeUsage(plan)»
		«ENDFOR»
		#   make clean     removes build/
		#
		# Everything builds from the runtime copy in runtime/, so this folder needs
		# nothing else. Only this variant's backends are compiled: «plan.storage.kind.word» storage
		# («plan.storage.modelName»), «plan.transport.kind.word» transport («plan.transport.modelName»).

		RUNTIME := runtime
		BUILD := build
		# The runtime takes its capacities from this variant's cluster_config.h.
		CONFIG_FLAGS := -DRAFT_CONFIG_FILE='"cluster_config.h"' -I. -I$(RUNTIME)/include -I$(RUNTIME)/src
		WARNING_FLAGS := -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes

		# The portable runtime every node runs.
		RUNTIME_CORE_SRCS :=«sourceList(RuntimeLayout.coreSources(runtimePaths))»
		# This variant's backends, their portable part (dependency injection by generation).
		STORAGE_SRCS :=«sourceList(RuntimeLayout.storageSources(plan))»
		TRANSPORT_SRCS :=«sourceList(RuntimeLayout.transportSources(plan))»
		# The model: node table, timing and options.
		CLUSTER_SRCS := cluster_config.c

		.PHONY: all clean«FOR target : targets» «target.name»«ENDFOR»
		all: «defaultTarget(plan, targets)»
		«FOR target : targets»

		«target.makeRules(plan)»
		«ENDFOR»

		clean:
			rm -rf $(BUILD)
		'''
	}

	/** The model's own target when this output can build it, else the first (native). */
	def static String defaultTarget(VariantPlan plan, List<TargetSupport> targets) {
		val own = targets.findFirst[launchTarget == plan.modelTarget.word]
		return (own ?: targets.head).name
	}

	/** The list after ":=": a backslash-newline before each "\t$(RUNTIME)/path", or "" for none. */
	def static String sourceList(List<String> runtimePaths) {
		if (runtimePaths.empty) {
			return ""
		}
		return " \\\n" + runtimePaths.map["\t$(RUNTIME)/" + it].join(" \\\n")
	}
}
