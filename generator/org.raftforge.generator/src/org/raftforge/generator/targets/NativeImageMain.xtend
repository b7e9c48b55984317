package org.raftforge.generator.targets

import org.raftforge.generator.plan.VariantPlan

import static org.raftforge.generator.templates.CText.*

/**
 * main.c of a channel variant run natively: every node in one process, as in one firmware image, talking through
 * the in-process channel; control lines carry "@<id> " prefixes.
 */
class NativeImageMain {

	def CharSequence content(VariantPlan plan) {
		val storage = new NativeStorageWiring(plan)
		val slot = if (storage.durable) "file_storages[i]" else "memory_storages[i]"
		'''
		/*
		 * main.c — the native program of cluster «plan.clusterName», variant «plan.variantName»: all «plan.nodeCount» nodes in one process.
		 *
		 * «generatedFrom(plan)»
		 *
		 * Every node of the table runs here, as in one firmware image. Its parts, chosen
		 * by the model and wired here at compile time (no other backend is built):
		 *   storage    «storage.describe»
		 *   transport  channel «plan.transport.modelName»: in-process rings (capacity «plan.transport.capacity» messages)
		 *   platform   POSIX (raft_posix_node): clocks, control lines on stdin/stdout, poll() loop
		 * Every request and every reply or event line carries the node's "@<id> " prefix.
		 * docs/launch-description.md (RaftForge) describes the exit status and launch.json.
		 */
		#include <errno.h>
		#include <stdio.h>
		#include <string.h>
		#include <unistd.h>

		#include "raft/raft_server.h"
		«storage.includes»
		#include "raft_posix_node.h"

		/* Exit status of the program (docs/launch-description.md). */
		enum node_exit {
		    NODE_EXIT_CLEAN = 0,      /* stopped on request, signal or end of input */
		    NODE_EXIT_FATAL = 1,      /* a node stopped on an error: an `event fatal` line was written */
		    NODE_EXIT_USAGE = 2,      /* bad command line */
		    NODE_EXIT_ENVIRONMENT = 3 /* storage directory not available */
		};

		«storage.constants»
		/* Names for messages, in table order. */
		static const char *const node_names[CLUSTER_NODE_COUNT] = {«FOR node : plan.nodes SEPARATOR ", "»«cString(node.name)»«ENDFOR»};

		/* The nodes' parts: static, as on the board (and too large for the stack). */
		static struct raft_posix_node host;
		static struct raft_channel_hub hub;
		static struct raft_channel channels[CLUSTER_NODE_COUNT];
		«storage.declarations("s[CLUSTER_NODE_COUNT]")»
		static struct raft_server servers[CLUSTER_NODE_COUNT];

		static void report_fatal(unsigned i)
		{
		    char label[64];
		    snprintf(label, sizeof label, "node %u (%s)", (unsigned)raft_cluster.nodes[i].id, node_names[i]);
		    «storage.reportFatal(slot, "servers[i]", "label")»
		}

		/* Attach node i to the channel and start it from its storage. */
		static int start_node(unsigned i)
		{
		    uint32_t id = raft_cluster.nodes[i].id;
		    struct raft_server_options options;
		    if (raft_channel_attach(&hub, &channels[i], id) != RAFT_TRANSPORT_OK ||
		        raft_server_options_from_cluster(&raft_cluster, id, true, &options) != RAFT_OK) {
		        fprintf(stderr, "node %u (%s): not in the cluster table\n", (unsigned)id, node_names[i]);
		        return NODE_EXIT_USAGE;
		    }
		    «storage.bind(slot, "id")»
		    if (raft_server_init(&servers[i], &options, storage, raft_channel_as_transport(&channels[i]),
		                         raft_posix_node_platform(&host)) != RAFT_OK) {
		        return NODE_EXIT_FATAL;
		    }
		    return NODE_EXIT_CLEAN;
		}

		int main(int argc, char **argv)
		{
		    (void)argv;
		    if (argc != 1) {
		        fprintf(stderr, "node: no arguments expected: this program runs every node of «plan.qualifiedName»\n");
		        return NODE_EXIT_USAGE;
		    }
		    if (raft_posix_node_init(&host, STDIN_FILENO, STDOUT_FILENO, true) != 0) {
		        fprintf(stderr, "«plan.qualifiedName»: cannot set up the control channel: %s\n", strerror(errno));
		        return NODE_EXIT_ENVIRONMENT;
		    }
		    «storage.open('''"«plan.qualifiedName»"''')»
		    raft_channel_hub_init(&hub);
		    struct raft_server *running[CLUSTER_NODE_COUNT];
		    unsigned started = 0;
		    int status = NODE_EXIT_CLEAN;
		    for (unsigned i = 0; i < CLUSTER_NODE_COUNT && status == NODE_EXIT_CLEAN; i++) {
		        status = start_node(i);
		        if (status == NODE_EXIT_CLEAN) {
		            running[started++] = &servers[i];
		        } else if (status == NODE_EXIT_FATAL) {
		            raft_posix_node_flush(&host);
		            report_fatal(i);
		        }
		    }
		    if (status == NODE_EXIT_CLEAN) {
		        fprintf(stderr, "%u nodes of %s/%s in one process: channel «plan.transport.modelName», storage «IF storage.durable»%s/raft_node_<id>_*.bin«ELSE»in memory«ENDIF»\n",
		                (unsigned)CLUSTER_NODE_COUNT, CLUSTER_NAME, CLUSTER_VARIANT«IF storage.durable», STORAGE_DIRECTORY«ENDIF»);
		        raft_posix_node_run(&host, running, started, &hub);
		        raft_posix_node_flush(&host);
		        for (unsigned i = 0; i < started; i++) {
		            if (servers[i].fatal != 0) {
		                report_fatal(i);
		                status = NODE_EXIT_FATAL;
		            }
		        }
		    }
		    «IF storage.durable»
		    for (unsigned i = 0; i < CLUSTER_NODE_COUNT; i++) {
		        «storage.close(slot)»
		    }
		    «ENDIF»
		    «storage.closeShared»
		    raft_posix_node_close(&host);
		    return status;
		}
		'''
	}
}
