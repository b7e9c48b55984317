package org.raftforge.generator.targets

import org.raftforge.generator.plan.StoragePlan
import org.raftforge.generator.plan.VariantPlan

import static org.raftforge.generator.templates.CText.*

/**
 * The storage part of a native main.c: declarations, set-up per node, the start-up fault report and clean-up,
 * for POSIX record files (file and semihosting storage) or RAM (memory storage). {@code slot} is the C expression
 * naming the node's storage object (e.g. {@code file_storage} or {@code file_storages[i]}).
 */
class NativeStorageWiring {

	val VariantPlan plan

	new(VariantPlan plan) {
		this.plan = plan
	}

	def boolean durable() {
		plan.storage.durable
	}

	def CharSequence includes() '''
		«IF durable»
		#include "raft_posix_files.h"
		«ENDIF»
	'''

	/** One line for the header comment. */
	def String describe() {
		switch (plan.storage.kind) {
			case StoragePlan.Kind.MEMORY: '''memory «plan.storage.modelName»: in RAM, lost when the process ends'''
			case StoragePlan.Kind.FILE: '''file «plan.storage.modelName»: POSIX files raft_node_<id>_*.bin in "«plan.storage.directory»"'''
			case StoragePlan.Kind.SEMIHOSTING: '''semihosting «plan.storage.modelName»: on the host, the files the board writes through semihosting (raft_node_<id>_*.bin in "«plan.storage.directory»")'''
		}
	}

	def CharSequence constants() '''
		«IF durable»
		/* The model's storage directory, relative to the working directory (created when missing). */
		#define STORAGE_DIRECTORY «cString(plan.storage.directory)»

		«ENDIF»
	'''

	def CharSequence declarations(String count) '''
		«IF durable»
		static struct raft_posix_files files;
		static struct raft_file_storage file_storage«count»;
		«ELSE»
		static struct raft_mem_storage memory_storage«count»;
		«ENDIF»
	'''

	/** Opens what all nodes share; on failure prints why and returns NODE_EXIT_ENVIRONMENT. */
	def CharSequence open(String who) '''
		«IF durable»
		if (raft_posix_files_open(&files, STORAGE_DIRECTORY) != 0) {
		    fprintf(stderr, "%s: cannot open the storage directory %s: %s (create it, or fix its permissions)\n",
		            «who», STORAGE_DIRECTORY, strerror(errno));
		    return NODE_EXIT_ENVIRONMENT;
		}
		«ENDIF»
	'''

	/** Binds the storage object {@code slot} to node {@code id}; evaluates to a struct raft_storage. */
	def CharSequence bind(String slot, String id) '''
		«IF durable»
		struct raft_file_ops file_ops = raft_posix_files_ops(&files);
		raft_file_storage_init(&«slot», &file_ops, «id»);
		struct raft_storage storage = raft_file_storage_as_storage(&«slot»);
		«ELSE»
		raft_mem_storage_init(&«slot»);
		struct raft_storage storage = raft_mem_storage_as_storage(&«slot»);
		«ENDIF»
	'''

	/** Prints why node {@code label} stopped; the file backend names the file and byte of a damaged record. */
	def CharSequence reportFatal(String slot, String serverExpr, String label) '''
		«IF durable»
		char why[512]; /* file, byte, reason and the fix: about 250 characters */
		if («slot».fault.code != 0) {
		    raft_file_storage_describe_fault(&«slot», why, sizeof why);
		} else {
		    snprintf(why, sizeof why, "%s", raft_status_name(«serverExpr».fatal));
		}
		fprintf(stderr, "%s stopped: %s\n", «label», why);
		«ELSE»
		fprintf(stderr, "%s stopped: %s\n", «label», raft_status_name(«serverExpr».fatal));
		«ENDIF»
	'''

	def CharSequence close(String slot) '''
		«IF durable»
		raft_file_storage_close(&«slot»);
		«ENDIF»
	'''

	def CharSequence closeShared() '''
		«IF durable»
		raft_posix_files_close(&files);
		«ENDIF»
	'''

	/** The storage for the start-up line: "data/raft_node_%u_*.bin" or "memory". */
	def String startupFormat() {
		if (durable) '''«plan.storage.directory»/raft_node_%u_*.bin''' else "memory"
	}
}
