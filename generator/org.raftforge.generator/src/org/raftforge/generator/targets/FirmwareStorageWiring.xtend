package org.raftforge.generator.targets

import org.raftforge.generator.plan.StoragePlan
import org.raftforge.generator.plan.VariantPlan

/**
 * The storage part of a firmware main: record files over semihosting (the node's raft_node_N_*.bin on the host,
 * relative to QEMU's working directory) or RAM (memory storage). {@code slot} is the C expression naming the node's
 * storage object (e.g. {@code file_storage} or {@code file_storages[i]}).
 */
class FirmwareStorageWiring {

	val VariantPlan plan

	new(VariantPlan plan) {
		this.plan = plan
	}

	def boolean durable() {
		plan.storage.kind == StoragePlan.Kind.SEMIHOSTING
	}

	/** One line for the header comment. */
	def String describe() {
		if (durable)
			'''semihosting «plan.storage.modelName»: raft_node_<id>_*.bin in «location» on the host, through semihosting'''
		else
			'''memory «plan.storage.modelName»: in RAM, lost when QEMU stops'''
	}

	/** Where the files are, for messages: "QEMU's working directory" or "data/ under it". */
	def String location() {
		if (plan.firmware.storageDirectory.empty) "QEMU's working directory" else '''«plan.firmware.storageDirectory»/ under QEMU's working directory'''
	}

	/** The storage for the start-up banner of node {@code id}. */
	def String banner(int id) {
		if (durable) '''storage «displayDirectory»/raft_node_«Integer.toUnsignedString(id)»_*.bin''' else "storage in RAM"
	}

	def String displayDirectory() {
		if (plan.firmware.storageDirectory.empty) "." else plan.firmware.storageDirectory
	}

	def CharSequence includes() '''
		«IF durable»
		#include "mps2/mps2_semihost_files.h"
		«ENDIF»
	'''

	def CharSequence constants() '''
		«IF durable»
		/* The model's storage directory, relative to QEMU's working directory ("" = that directory). */
		#define STORAGE_DIRECTORY "«plan.firmware.storageDirectory»"
		«ENDIF»
	'''

	def CharSequence declarations(String count) '''
		«IF durable»
		static struct mps2_sh_files files;
		static struct raft_file_storage file_storage«count»;
		«ELSE»
		static struct raft_mem_storage memory_storage«count»;
		«ENDIF»
	'''

	/** Binds the semihosting file ops to the storage directory (once per image). */
	def CharSequence open() '''
		«IF durable»
		(void)mps2_sh_files_init(&files, STORAGE_DIRECTORY); /* the planner checked its length */
		«ENDIF»
	'''

	/** Binds the storage object {@code slot} to node {@code id}; declares {@code struct raft_storage storage}. */
	def CharSequence bind(String slot, String id) '''
		«IF durable»
		struct raft_file_ops file_ops = mps2_sh_files_ops(&files);
		raft_file_storage_init(&«slot», &file_ops, «id»);
		struct raft_storage storage = raft_file_storage_as_storage(&«slot»);
		«ELSE»
		raft_mem_storage_init(&«slot»);
		struct raft_storage storage = raft_mem_storage_as_storage(&«slot»);
		«ENDIF»
	'''

	/** Declares {@code const char *why}: the fatal status, or the file backend's storage fault (file and byte of a damaged record). */
	def CharSequence describeFault(String slot, String serverExpr) '''
		const char *why = raft_status_name(«serverExpr».fatal);
		«IF durable»
		char fault[160];
		if («slot».fault.code != 0) {
		    raft_file_storage_describe_fault(&«slot», fault, sizeof fault);
		    why = fault;
		}
		«ENDIF»
	'''

	def CharSequence close(String slot) '''
		«IF durable»
		raft_file_storage_close(&«slot»);
		«ENDIF»
	'''
}
