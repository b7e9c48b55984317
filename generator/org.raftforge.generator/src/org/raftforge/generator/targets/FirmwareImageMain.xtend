package org.raftforge.generator.targets

import org.raftforge.generator.plan.VariantPlan

import static org.raftforge.generator.templates.CText.*
import static org.raftforge.generator.targets.QemuTargetSupport.cLine

/**
 * firmware_main.c of a channel variant on QEMU: every node in one image, as the seed ran them, talking through
 * in-image rings; control lines carry "@<id> " prefixes.
 */
class FirmwareImageMain {

	def CharSequence content(VariantPlan plan) {
		val storage = new FirmwareStorageWiring(plan)
		val slot = if (storage.durable) "file_storages[i]" else "memory_storages[i]"
		'''
		/*
		 * «QemuTargetSupport.MAIN» — the Cortex-M4 firmware of cluster «plan.clusterName», variant «plan.variantName»: all «plan.nodeCount» nodes in one QEMU.
		 *
		 * «generatedFrom(plan)»
		 *
		 * Every node of the table runs in this image. Its parts, chosen by the model
		 * and wired here at compile time (no other backend is built):
		 *   storage    «storage.describe»
		 *   transport  channel «plan.transport.modelName»: in-image rings (capacity «plan.transport.capacity» messages)
		 *   platform   «plan.board.machine» (runtime/ports/mps2): FREE_RUN clock, UART0 control lines, WFI idle
		 * Control lines (runtime/docs/control-protocol.md) travel over UART0, each
		 * with its node's "@<id> " prefix; start-up messages, faults and the figures
		 * `raftforge bench` reads go to the semihosting console. Exit status
		 * (QEMU's): 0 every node stopped on `shutdown`, 1 a node stopped on a fatal
		 * error, 134 processor fault.
		 */
		#include <stdbool.h>
		#include <stdint.h>

		#include "mps2/mps2_clock.h"
		#include "mps2/mps2_commit_probe.h"
		#include "mps2/mps2_console.h"
		#include "mps2/mps2_platform.h"
		#include "mps2/mps2_semihost.h"
		«storage.includes»
		#include "mps2/mps2_startup.h"
		#include "mps2/mps2_uart.h"
		#include "raft/raft_server.h"

		/* QEMU's exit status (docs/launch-description.md). */
		enum image_exit {
		    IMAGE_EXIT_CLEAN = 0, /* every node stopped on `shutdown` */
		    IMAGE_EXIT_FATAL = 1  /* a node stopped on an error: an `event fatal` line was written */
		};
		«storage.constants»
		/* How each node names itself on the semihosting console, in table order; the
		 * rest of a console line says what happened (kept short: flash is the budget): channel «plan.transport.modelName»,
		 *   «FOR node : plan.nodes SEPARATOR "\n*   "»«node.name»: «storage.banner(node.id)»«ENDFOR»
		 */
		static const char *const node_names[CLUSTER_NODE_COUNT] = {
		    «FOR node : plan.nodes»
		    «cString('''node «Integer.toUnsignedString(node.id)» («node.name»)''')»,
		    «ENDFOR»
		};

		/* "node N (name)" and then what happened, on the semihosting console. */
		static void say(unsigned i, const char *what)
		{
		    mps2_sh_write0(node_names[i]);
		    mps2_sh_write0(what);
		}

		/* The nodes' parts: static (no heap), sized by cluster_config.h. */
		static struct mps2_uart console;
		static struct mps2_platform board;
		static struct mps2_commit_probe probe;
		static struct raft_channel_hub hub;
		static struct raft_channel channels[CLUSTER_NODE_COUNT];
		«storage.declarations("s[CLUSTER_NODE_COUNT]")»
		static struct raft_server servers[CLUSTER_NODE_COUNT];
		static struct raft_server *running[CLUSTER_NODE_COUNT];
		static unsigned started;

		/* A message waits in a node's ring: do not sleep. */
		static bool image_has_work(void *ctx)
		{
		    (void)ctx;
		    for (uint32_t i = 0; i < hub.attached; i++) {
		        if (hub.rings[i].used > 0u) {
		            return true;
		        }
		    }
		    return false;
		}

		/* Attach node i to the channel and start it from its storage. */
		static bool start_node(unsigned i, struct raft_platform platform)
		{
		    uint32_t id = raft_cluster.nodes[i].id;
		    struct raft_server_options options;
		    if (raft_channel_attach(&hub, &channels[i], id) != RAFT_TRANSPORT_OK ||
		        raft_server_options_from_cluster(&raft_cluster, id, true, &options) != RAFT_OK) {
		        return false;
		    }
		    «storage.bind(slot, "id")»
		    say(i, «cLine(''' of «plan.qualifiedName»''')»);
		    return raft_server_init(&servers[i], &options, storage, raft_channel_as_transport(&channels[i]), platform) ==
		           RAFT_OK;
		}

		static void report_fatal(unsigned i)
		{
		    «storage.describeFault(slot, "servers[i]")»
		    say(i, " stopped: ");
		    mps2_sh_write0(why);
		    mps2_sh_write0("\n");
		}

		/* A request line goes to the node its "@<id> " prefix names. */
		static void deliver_line(void *ctx, const char *line, size_t len)
		{
		    (void)ctx;
		    raft_servers_dispatch_line(running, started, line, len);
		}

		«QemuTargetSupport.reportFigures»

		int main(void)
		{
		    mps2_clock_init();
		    mps2_uart_init(&console);
		    board = (struct mps2_platform){.console = &console, .node_id = 0, .has_work = image_has_work, .has_work_ctx = NULL};
		    mps2_commit_probe_init(&probe, mps2_platform_ops(&board));
		    struct raft_platform platform = mps2_commit_probe_platform(&probe);
		    «storage.open»
		    raft_channel_hub_init(&hub);

		    int status = IMAGE_EXIT_CLEAN;
		    for (unsigned i = 0; i < CLUSTER_NODE_COUNT && status == IMAGE_EXIT_CLEAN; i++) {
		        if (start_node(i, platform)) {
		            running[started++] = &servers[i];
		        } else {
		            report_fatal(i);
		            status = IMAGE_EXIT_FATAL;
		        }
		    }
		    bool all_stopped = status != IMAGE_EXIT_CLEAN;
		    while (!all_stopped) {
		        mps2_console_serve(&console, &platform, &probe, deliver_line, NULL);
		        uint32_t wait = UINT32_MAX;
		        all_stopped = true;
		        for (unsigned i = 0; i < started; i++) {
		            if (!raft_server_stopped(&servers[i])) {
		                raft_server_poll(&servers[i]);
		                uint32_t w = raft_server_idle_ms(&servers[i]);
		                wait = w < wait ? w : wait;
		                all_stopped = all_stopped && raft_server_stopped(&servers[i]);
		            }
		        }
		        if (!all_stopped) {
		            platform.idle(platform.ctx, wait);
		        }
		    }
		    mps2_uart_flush(&console);
		    report_figures();
		    for (unsigned i = 0; i < started; i++) { /* faults last: the launcher shows the console's last lines */
		        if (servers[i].fatal != 0) {
		            report_fatal(i);
		            status = IMAGE_EXIT_FATAL;
		        }
		        «storage.close(slot)»
		    }
		    return status;
		}
		'''
	}
}
