package org.raftforge.generator.targets

import org.raftforge.generator.plan.VariantPlan

import static org.raftforge.generator.templates.CText.*

/** main.c of a UDP variant run natively: one node per process, `node --node ID`. */
class NativeNodeMain {

	def CharSequence content(VariantPlan plan) {
		val storage = new NativeStorageWiring(plan)
		'''
		/*
		 * main.c — the native node program of cluster «plan.clusterName», variant «plan.variantName».
		 *
		 * «generatedFrom(plan)»
		 *
		 * One node per process: `node --node ID`. Its parts, chosen by the model and
		 * wired here at compile time (no other backend is built):
		 *   storage    «storage.describe»
		 *   transport  udp «plan.transport.modelName»: one UDP socket on loopback, with the model's port
		 *   platform   POSIX (raft_posix_node): clocks, control lines on stdin/stdout, poll() loop
		 * docs/launch-description.md (RaftForge) describes the command line, the exit
		 * status and launch.json, which starts it.
		 */
		#include <errno.h>
		#include <stdbool.h>
		#include <stdint.h>
		#include <stdio.h>
		#include <stdlib.h>
		#include <string.h>
		#include <unistd.h>

		#include "raft/raft_server.h"
		«storage.includes»
		#include "raft_posix_node.h"
		#include "raft_udp_posix.h"

		/* Exit status of the program (docs/launch-description.md). */
		enum node_exit {
		    NODE_EXIT_CLEAN = 0,      /* stopped on request, signal or end of input */
		    NODE_EXIT_FATAL = 1,      /* the node stopped on an error: an `event fatal` line was written */
		    NODE_EXIT_USAGE = 2,      /* bad command line */
		    NODE_EXIT_ENVIRONMENT = 3 /* UDP port or storage directory not available */
		};

		«storage.constants»
		/* Natively every node binds a loopback address, with its model port. */
		static const struct raft_udp_peer native_endpoints[CLUSTER_NODE_COUNT] = {
		    «FOR node : plan.nodes»
		    {.id = NODE_«node.macroName»_ID, .ipv4 = «hex32(node.nativeAddress)» /* «node.nativeAddress» */, .port = NODE_«node.macroName»_PORT},
		    «ENDFOR»
		};

		/* Names for messages, in table order. */
		static const char *const node_names[CLUSTER_NODE_COUNT] = {«FOR node : plan.nodes SEPARATOR ", "»«cString(node.name)»«ENDFOR»};

		/* The node's parts: static, as on the board (and too large for the stack). */
		static struct raft_posix_node host;
		«storage.declarations("")»
		static struct raft_udp_posix udp;
		static struct raft_server server;

		static int usage(const char *problem)
		{
		    fprintf(stderr,
		            "node: %s\n"
		            "usage: node --node ID   (one process per node of «plan.qualifiedName»; ID: «FOR node : plan.nodes SEPARATOR ", "»«Integer.toUnsignedString(node.id)» «node.name»«ENDFOR»)\n",
		            problem);
		    return NODE_EXIT_USAGE;
		}

		/* `--node ID`, ID a decimal number 1..4294967295. */
		static bool parse_arguments(int argc, char **argv, uint32_t *id)
		{
		    if (argc != 3 || strcmp(argv[1], "--node") != 0 || argv[2][0] < '0' || argv[2][0] > '9') {
		        return false;
		    }
		    char *end = NULL;
		    errno = 0;
		    unsigned long long value = strtoull(argv[2], &end, 10);
		    if (errno != 0 || *end != '\0' || value == 0 || value > UINT32_MAX) {
		        return false;
		    }
		    *id = (uint32_t)value;
		    return true;
		}

		/* The node's position in the table, or -1. */
		static int position_of(uint32_t id)
		{
		    for (unsigned i = 0; i < CLUSTER_NODE_COUNT; i++) {
		        if (raft_cluster.nodes[i].id == id) {
		            return (int)i;
		        }
		    }
		    return -1;
		}

		static void report_fatal(uint32_t id)
		{
		    char label[64];
		    snprintf(label, sizeof label, "node %u (%s)", (unsigned)id, node_names[position_of(id)]);
		    «storage.reportFatal("file_storage", "server", "label")»
		}

		int main(int argc, char **argv)
		{
		    uint32_t id = 0;
		    if (!parse_arguments(argc, argv, &id)) {
		        return usage("expected --node ID");
		    }
		    int position = position_of(id);
		    if (position < 0) {
		        return usage("no node has that id");
		    }
		    char label[64];
		    snprintf(label, sizeof label, "node %u (%s)", (unsigned)id, node_names[position]);
		    struct raft_server_options options;
		    if (raft_server_options_from_cluster(&raft_cluster, id, false, &options) != RAFT_OK) {
		        fprintf(stderr, "%s: the cluster table has no voter\n", label);
		        return NODE_EXIT_USAGE;
		    }
		    if (raft_posix_node_init(&host, STDIN_FILENO, STDOUT_FILENO, true) != 0) {
		        fprintf(stderr, "%s: cannot set up the control channel: %s\n", label, strerror(errno));
		        return NODE_EXIT_ENVIRONMENT;
		    }
		    «storage.open("label")»
		    «storage.bind(if (storage.durable) "file_storage" else "memory_storage", "id")»
		    const struct raft_udp_peer *self = &native_endpoints[position];
		    if (raft_udp_posix_open(&udp, id, native_endpoints, CLUSTER_NODE_COUNT) != RAFT_TRANSPORT_OK) {
		        fprintf(stderr,
		                "%s: cannot bind udp %u.%u.%u.%u:%u: %s (another process uses the port: stop it, or change the "
		                "port in the model)\n",
		                label, (unsigned)(self->ipv4 >> 24), (unsigned)(self->ipv4 >> 16) & 0xffu,
		                (unsigned)(self->ipv4 >> 8) & 0xffu, (unsigned)self->ipv4 & 0xffu, (unsigned)self->port,
		                strerror(errno));
		        «storage.closeShared»
		        return NODE_EXIT_ENVIRONMENT;
		    }
		    fprintf(stderr, "%s of %s/%s: udp %u.%u.%u.%u:%u, storage «IF storage.durable»%s/raft_node_%u_*.bin«ELSE»in memory«ENDIF»\n",
		            label, CLUSTER_NAME, CLUSTER_VARIANT, (unsigned)(self->ipv4 >> 24), (unsigned)(self->ipv4 >> 16) & 0xffu,
		            (unsigned)(self->ipv4 >> 8) & 0xffu, (unsigned)self->ipv4 & 0xffu, (unsigned)self->port«IF storage.durable»,
		            STORAGE_DIRECTORY, (unsigned)id«ENDIF»);

		    int status = NODE_EXIT_FATAL;
		    if (raft_server_init(&server, &options, storage, raft_udp_posix_as_transport(&udp),
		                         raft_posix_node_platform(&host)) == RAFT_OK) {
		        struct raft_server *const servers[] = {&server};
		        raft_posix_node_run(&host, servers, 1, NULL);
		        status = server.fatal == 0 ? NODE_EXIT_CLEAN : NODE_EXIT_FATAL;
		    }
		    raft_posix_node_flush(&host);
		    if (status == NODE_EXIT_FATAL) {
		        report_fatal(id);
		    }
		    «storage.close("file_storage")»
		    raft_udp_posix_close(&udp);
		    «storage.closeShared»
		    raft_posix_node_close(&host);
		    return status;
		}
		'''
	}
}
