package org.raftforge.generator.targets

import org.raftforge.generator.plan.VariantPlan

import static org.raftforge.generator.templates.CText.*
import static org.raftforge.generator.targets.QemuTargetSupport.cLine

/**
 * firmware_main.c of a UDP variant on QEMU: one node per image, its id from the semihosting command line
 * ({@code arg=node=N}), lwIP UDP on the LAN9118, the control console on UART0.
 */
class FirmwareNodeMain {

	def CharSequence content(VariantPlan plan) {
		val storage = new FirmwareStorageWiring(plan)
		val net = plan.firmware.network
		'''
		/*
		 * «QemuTargetSupport.MAIN» — the Cortex-M4 firmware of cluster «plan.clusterName», variant «plan.variantName»: one node per QEMU.
		 *
		 * «generatedFrom(plan)»
		 *
		 * One image serves every node: QEMU passes the node id on the semihosting
		 * command line (-semihosting-config ...,arg=node=N). Its parts, chosen by the
		 * model and wired here at compile time (no other backend is built):
		 *   storage    «storage.describe»
		 *   transport  udp «plan.transport.modelName»: lwIP UDP on the LAN9118, one address per node (subnet «net.subnet»)
		 *   platform   «plan.board.machine» (runtime/ports/mps2): FREE_RUN clock, UART0 control lines, WFI idle
		 * Control lines (runtime/docs/control-protocol.md) travel over UART0; start-up
		 * messages, faults and the figures `raftforge bench` reads go to the
		 * semihosting console. Exit status (QEMU's): 0 clean stop (`shutdown`),
		 * 1 fatal error, 2 bad command line, 3 the network did not come up,
		 * 134 processor fault or lwIP assertion.
		 */
		#include <stdbool.h>
		#include <stdint.h>
		#include <string.h>

		#include "mps2/mps2_clock.h"
		#include "mps2/mps2_commit_probe.h"
		#include "mps2/mps2_console.h"
		#include "mps2/mps2_net.h"
		#include "mps2/mps2_platform.h"
		#include "mps2/mps2_semihost.h"
		«storage.includes»
		#include "mps2/mps2_startup.h"
		#include "mps2/mps2_uart.h"
		#include "mps2/mps2_udp_transport.h"
		#include "raft/raft_server.h"

		/* QEMU's exit status (docs/launch-description.md). */
		enum node_exit {
		    NODE_EXIT_CLEAN = 0,      /* stopped on `shutdown` */
		    NODE_EXIT_FATAL = 1,      /* the node stopped on an error: an `event fatal` line was written */
		    NODE_EXIT_USAGE = 2,      /* no node=ID on the semihosting command line, or ID not in the table */
		    NODE_EXIT_ENVIRONMENT = 3 /* the network did not come up */
		};

		/* The mask of subnet «net.subnet» (transport «plan.transport.modelName»). */
		static const uint8_t subnet_netmask[4] = «byteList(net.netmask)»;
		«storage.constants»
		/* How each node names itself on the semihosting console, in table order; the
		 * rest of a console line says what happened (kept short: flash is the budget;
		 * the node table is in cluster_config.c):
		 *   «FOR node : plan.nodes SEPARATOR "\n*   "»«node.name»: udp «node.address»:«node.port» mac «node.mac», «storage.banner(node.id)»«ENDFOR»
		 */
		static const char *const node_names[CLUSTER_NODE_COUNT] = {
		    «FOR node : plan.nodes»
		    «cString('''node «Integer.toUnsignedString(node.id)» («node.name»)''')»,
		    «ENDFOR»
		};

		/* "node N (name)" and then what happened, on the semihosting console. */
		static void say(int position, const char *what)
		{
		    mps2_sh_write0(node_names[position]);
		    mps2_sh_write0(what);
		}

		/* The node's parts: static (no heap), sized by cluster_config.h and lwipopts.h. */
		static struct mps2_uart console;
		static struct mps2_platform board;
		static struct mps2_commit_probe probe;
		static struct mps2_net net;
		static struct mps2_udp_transport udp;
		«storage.declarations("")»
		static struct raft_server server;

		/* Wake-up sources besides a UART line: frames in the controller, datagrams for the server. */
		static bool node_has_work(void *ctx)
		{
		    (void)ctx;
		    return mps2_net_work_pending(&net) || mps2_udp_transport_pending(&udp);
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

		static void ipv4_bytes(uint32_t ipv4, uint8_t out[4])
		{
		    out[0] = (uint8_t)(ipv4 >> 24);
		    out[1] = (uint8_t)(ipv4 >> 16);
		    out[2] = (uint8_t)(ipv4 >> 8);
		    out[3] = (uint8_t)ipv4;
		}

		/* The semihosting command line's node=ID; 0 when missing. */
		static uint32_t node_id_from_command_line(void)
		{
		    char cmdline[64];
		    uint32_t id = 0;
		    if (mps2_sh_get_cmdline(cmdline, sizeof cmdline) < 0 || mps2_cmdline_u32(cmdline, "node", &id) != 0) {
		        return 0;
		    }
		    return id;
		}

		/* lwIP on the LAN9118 with the node's address and MAC, and the UDP transport
		 * with every node of the table (the others' MACs as permanent ARP entries). */
		static bool start_network(uint32_t id, int position)
		{
		    struct mps2_net_address address;
		    memcpy(address.mac, raft_cluster.nodes[position].mac, sizeof address.mac);
		    ipv4_bytes(raft_cluster.nodes[position].ipv4, address.ip);
		    memcpy(address.netmask, subnet_netmask, sizeof address.netmask);
		    if (mps2_net_init(&net, &address) != MPS2_NET_OK) {
		        return false;
		    }
		    struct mps2_udp_peer peers[CLUSTER_NODE_COUNT];
		    for (unsigned i = 0; i < CLUSTER_NODE_COUNT; i++) {
		        peers[i].id = raft_cluster.nodes[i].id;
		        ipv4_bytes(raft_cluster.nodes[i].ipv4, peers[i].ip);
		        peers[i].port = raft_cluster.nodes[i].port;
		        memcpy(peers[i].mac, raft_cluster.nodes[i].mac, sizeof peers[i].mac);
		    }
		    return mps2_udp_transport_open(&udp, &net, id, peers, CLUSTER_NODE_COUNT) == RAFT_TRANSPORT_OK;
		}

		static void deliver_line(void *ctx, const char *line, size_t len)
		{
		    (void)ctx;
		    raft_server_handle_line(&server, line, len);
		}

		static void report_fatal(int position)
		{
		    «storage.describeFault(if (storage.durable) "file_storage" else "memory_storage", "server")»
		    say(position, " stopped: ");
		    mps2_sh_write0(why);
		    mps2_sh_write0("\n");
		}

		«QemuTargetSupport.reportFigures»

		int main(void)
		{
		    mps2_clock_init();
		    mps2_uart_init(&console);
		    uint32_t id = node_id_from_command_line();
		    int position = position_of(id);
		    if (position < 0) {
		        mps2_sh_write0(«cLine('''«plan.qualifiedName»: needs -semihosting-config ...,arg=node=ID, ID one of «FOR node : plan.nodes SEPARATOR " "»«Integer.toUnsignedString(node.id)»«ENDFOR»''')»);
		        return NODE_EXIT_USAGE;
		    }
		    board = (struct mps2_platform){.console = &console, .node_id = id, .has_work = node_has_work, .has_work_ctx = NULL};
		    mps2_commit_probe_init(&probe, mps2_platform_ops(&board));
		    struct raft_platform platform = mps2_commit_probe_platform(&probe);
		    mps2_net_seed_random(platform.seed(platform.ctx));
		    say(position, «cLine(''' of «plan.qualifiedName»''')»);
		    if (!start_network(id, position)) {
		        say(position, ": no network (no LAN9118, or lwipopts.h too small for the node table)\n");
		        return NODE_EXIT_ENVIRONMENT;
		    }
		    struct raft_server_options options;
		    if (raft_server_options_from_cluster(&raft_cluster, id, false, &options) != RAFT_OK) {
		        say(position, ": the cluster table has no voter\n");
		        return NODE_EXIT_USAGE;
		    }
		    «storage.open»
		    «storage.bind(if (storage.durable) "file_storage" else "memory_storage", "id")»

		    int status = NODE_EXIT_FATAL;
		    if (raft_server_init(&server, &options, storage, mps2_udp_transport_as_transport(&udp), platform) == RAFT_OK) {
		        while (!raft_server_stopped(&server)) {
		            mps2_console_serve(&console, &platform, &probe, deliver_line, NULL);
		            mps2_net_poll(&net);
		            raft_server_poll(&server);
		            if (!raft_server_stopped(&server)) {
		                platform.idle(platform.ctx, raft_server_idle_ms(&server));
		            }
		        }
		        status = server.fatal == 0 ? NODE_EXIT_CLEAN : NODE_EXIT_FATAL;
		    }
		    mps2_uart_flush(&console);
		    report_figures();
		    if (status == NODE_EXIT_FATAL) { /* last: the launcher shows the console's last lines */
		        report_fatal(position);
		    }
		    «storage.close("file_storage")»
		    return status;
		}
		'''
	}
}
