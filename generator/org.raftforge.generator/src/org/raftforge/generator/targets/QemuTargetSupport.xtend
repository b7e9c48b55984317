package org.raftforge.generator.targets

import org.raftforge.generator.json.Json
import org.raftforge.generator.output.GeneratedFile
import org.raftforge.generator.output.ProjectScripts
import org.raftforge.generator.plan.TargetKind
import org.raftforge.generator.plan.VariantPlan

import static org.raftforge.generator.templates.CText.*

/**
 * The QEMU target: Cortex-M4 firmware for mps2-an386, one image per node (UDP) or one image for every node (channel),
 * built with arm-none-eabi-gcc through the port's mps2.mk. Contributes firmware_main.c, lwipopts.h (UDP),
 * run-qemu.sh, the lwIP fetch script, the `firmware` make target (image + Ethernet hub), launch.json's
 * targets.qemu and the README's QEMU section.
 */
class QemuTargetSupport implements TargetSupport {

	public static val MAIN = "firmware_main.c"
	/** The machine the mps2 port supports. */
	public static val MACHINE = "mps2-an386"
	/** The repository's scripts/fetch-lwip.sh, next to the runtime copy (the build runs it). */
	public static val FETCH_LWIP = "runtime/scripts/fetch-lwip.sh"

	override name() { "firmware" }

	override launchTarget() { "qemu" }

	override supports(VariantPlan plan) {
		plan.modelTarget == TargetKind.QEMU && plan.board !== null && plan.board.machine == MACHINE &&
			plan.firmware !== null
	}

	override runtimeFolders(VariantPlan plan) {
		if (plan.transport.isUdp) #["include/", "src/", "ports/mps2/", "tools/ethhub/"] else #["include/", "src/", "ports/mps2/"]
	}

	override files(VariantPlan plan) {
		val files = <GeneratedFile>newArrayList
		files += GeneratedFile.text(MAIN, if (plan.firmware.allNodesInOneImage) new FirmwareImageMain().content(plan)
			else new FirmwareNodeMain().content(plan))
		if (plan.transport.isUdp) {
			files += GeneratedFile.text(LwipOptsTemplate.PATH, new LwipOptsTemplate().content(plan))
			files += ProjectScripts.fetchLwip(FETCH_LWIP)
		}
		files += GeneratedFile.script(RunQemuScript.PATH, new RunQemuScript().content(plan))
		return files
	}

	override makeUsage(VariantPlan plan) {
		'''the QEMU image «QemuCommandLine.IMAGE» (arm-none-eabi-gcc, -Werror)«IF plan.transport.isUdp» and the Ethernet hub «QemuCommandLine.HUB»«ENDIF»'''
	}

	override makeRules(VariantPlan plan) {
		val fw = plan.firmware
		val udp = plan.transport.isUdp
		'''
		# ---- firmware: Cortex-M4 image for QEMU «plan.board.machine» (newlib-nano, no heap: runtime/ports/mps2) ----
		# Memory layout (the linker script's parameters, runtime/ports/mps2/ld/mps2_an386.ld.in):
		#   flash «size(fw.flashBytes)»: the target's; RAM «size(fw.ramBytes)»: «fw.ramReason»;
		#   stack «size(fw.stackBytes)»: the model's. The link fails when stack + data + bss exceed the RAM.
		MPS2_FLASH_SIZE := «kiB(fw.flashBytes)»
		MPS2_RAM_SIZE := «kiB(fw.ramBytes)»
		MPS2_STACK_SIZE := «kiB(fw.stackBytes)»
		MPS2_BUILD := $(BUILD)/firmware
		# UART0 takes the longest control line (RAFT_CONTROL_LINE_MAX).
		MPS2_EXTRA_CFLAGS := -DMPS2_UART_LINE_MAX=«fw.uartLineMax»
		«IF !plan.storage.durable»
		# Storage in RAM on a board: a restart loses it anyway and the core holds the log, so the
		# store keeps no second copy of the entries (raft_storage.h, RAFT_MEM_STORAGE_KEEPS_LOG).
		MPS2_EXTRA_CFLAGS += -DRAFT_MEM_STORAGE_KEEPS_LOG=0
		«ENDIF»
		«IF udp»
		# lwIP 2.1.3 from Debian's source package (never kept with the sources): fetched on the
		# first build by «FETCH_LWIP» into one folder per user that every
		# generated output shares; `make LWIP_DIR=DIR` (or LWIP_DIR in the environment) picks another.
		LWIP_DIR ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/raftforge/lwip-2.1.3
		LWIP_FETCH ?= $(CURDIR)/«FETCH_LWIP»
		LWIP_OPTS_DIR := $(CURDIR)
		«ENDIF»
		include $(RUNTIME)/ports/mps2/mps2.mk
		$(MPS2_LDSCRIPT): Makefile

		FIRMWARE_PORT_SRCS := $(MPS2_PLATFORM_SRCS) $(MPS2_PLATFORM_OPS_SRC) $(MPS2_CONSOLE_SRCS)«IF fw.network !== null» $(MPS2_NET_SRCS) $(MPS2_UDP_TRANSPORT_SRC)«ENDIF»«IF plan.storage.durable» $(MPS2_SH_FILES_SRC)«ENDIF»
		FIRMWARE_SRCS := $(RUNTIME_CORE_SRCS) $(STORAGE_SRCS) $(TRANSPORT_SRCS) $(FIRMWARE_PORT_SRCS) $(CLUSTER_SRCS) «MAIN»
		FIRMWARE_OBJS := $(patsubst %.c,$(MPS2_BUILD)/obj/%.o,$(FIRMWARE_SRCS))
		FIRMWARE_IMAGE := $(MPS2_BUILD)/node.elf
		«IF udp»
		FIRMWARE_LINKED := $(FIRMWARE_OBJS) $(LWIP_OBJS)
		HOST_CC ?= cc
		HUB_SRCS := $(wildcard $(RUNTIME)/tools/ethhub/src/*.c)
		HUB_PROGRAM := $(BUILD)/host/ethhub
		«ELSE»
		FIRMWARE_LINKED := $(FIRMWARE_OBJS)
		«ENDIF»

		firmware: $(FIRMWARE_IMAGE)«IF udp» $(HUB_PROGRAM)«ENDIF»

		$(FIRMWARE_IMAGE): $(FIRMWARE_LINKED) $(MPS2_LDSCRIPT)
			$(MPS2_CC) $(MPS2_LDFLAGS) -T$(MPS2_LDSCRIPT) -Wl,-Map=$(@:.elf=.map) $(FIRMWARE_LINKED) -o $@
			$(MPS2_SIZE) $@

		$(MPS2_BUILD)/obj/%.o: %.c Makefile«IF udp» | $(LWIP_STAMP)«ENDIF»
			@mkdir -p $(@D)
			$(MPS2_CC) $(MPS2_CFLAGS) $(CONFIG_FLAGS)«IF udp» $(LWIP_INCLUDES)«ENDIF» -MMD -MP -c $< -o $@
		«IF udp»

		# The Ethernet hub the launcher joins the nodes' LAN9118s with (host program).
		$(HUB_PROGRAM): $(HUB_SRCS) $(wildcard $(RUNTIME)/tools/ethhub/src/*.h)
			@mkdir -p $(@D)
			$(HOST_CC) -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -I$(RUNTIME)/tools/ethhub/src $(HUB_SRCS) -o $@
		«ENDIF»

		-include $(FIRMWARE_OBJS:.o=.d)«IF udp» $(LWIP_OBJS:.o=.d)«ENDIF»
		'''
	}

	override launchSection(VariantPlan plan) {
		val fw = plan.firmware
		val processes = Json.arr
		if (fw.allNodesInOneImage) {
			processes.add(process(plan, null, 0))
		} else {
			for (node : plan.nodes) {
				processes.add(process(plan, node, plan.nodes.indexOf(node)))
			}
		}
		val artifacts = Json.arr(QemuCommandLine.OUT + "/" + QemuCommandLine.IMAGE)
		val section = Json.obj
			.put("build", Json.obj.put("command", Json.arr("make", "firmware")).put("cwd", QemuCommandLine.OUT)
				.put("artifacts", artifacts))
			.put("control", Json.obj.put("kind", "uart-socket").put("node_prefix", fw.allNodesInOneImage))
			.put("processes", processes)
		val endpoints = Json.arr
		if (plan.transport.isUdp) {
			artifacts.add(QemuCommandLine.OUT + "/" + QemuCommandLine.HUB)
			for (node : plan.nodes) {
				endpoints.add(Json.obj.put("id", node.id).put("address", node.address.toString).put("port", node.port))
			}
			section.put("hub", Json.obj.put("argv", Json.arrOf(QemuCommandLine.hubArgv(plan)))
				.put("cwd", QemuCommandLine.RUN).put("control", "stdio").put("ready_line", "ready ports=" + plan.nodeCount))
		}
		section.put("endpoints", endpoints)
		section.put("firmware", Json.obj
			.put("image", QemuCommandLine.OUT + "/" + QemuCommandLine.IMAGE)
			.put("map", QemuCommandLine.OUT + "/" + QemuCommandLine.IMAGE.replace(".elf", ".map"))
			.put("flash_bytes", fw.flashBytes).put("ram_bytes", fw.ramBytes).put("stack_bytes", fw.stackBytes)
			.put("nodes_per_image", if (fw.allNodesInOneImage) plan.nodeCount else 1))
		return section
	}

	private def Json.Obj process(VariantPlan plan, org.raftforge.generator.plan.PlannedNode node, int position) {
		val json = Json.obj.put("name", if (node === null) plan.clusterName else node.name)
			.put("argv", Json.arrOf(QemuCommandLine.argv(plan, node, position, QemuCommandLine.Uart.SOCKET)))
			.put("cwd", QemuCommandLine.RUN)
			.put("nodes", if (node === null) Json.arrOf(plan.nodes.map[id]) else Json.arr(node.id))
			.put("socket", QemuCommandLine.uartSocket(plan, node))
			.put("console_log", QemuCommandLine.consoleLog(plan, node))
		if (node === null) {
			json.put("stale_files", Json.arr(QemuCommandLine.uartSocket(plan, node)))
		} else {
			json.put("hub_port", QemuCommandLine.hubPort(position))
				.put("stale_files", Json.arr(QemuCommandLine.uartSocket(plan, node), QemuCommandLine.ethernetSocket(position)))
		}
		return json
	}

	override readmeSection(VariantPlan plan) {
		val fw = plan.firmware
		val net = fw.network
		'''
		## QEMU «plan.board.machine» (the model's target)

		```
		make -j2 firmware        # «QemuCommandLine.IMAGE» (arm-none-eabi-gcc, newlib-nano, -Werror)«IF net !== null» and «QemuCommandLine.HUB»«ENDIF»
		./«RunQemuScript.PATH»           # starts the cluster by hand; type requests, Ctrl-D stops it
		```

		| file | what |
		|---|---|
		| `«MAIN»` | the firmware: this variant's storage and transport on the mps2 port, wired statically |
		«IF net !== null»
		| `«LwipOptsTemplate.PATH»` | lwIP's sizes from the model (UDP only, fixed pools, no heap) |
		| `«FETCH_LWIP»` | fetches lwIP 2.1.3 from Debian's source package on the first build (into `~/.cache/raftforge/lwip-2.1.3`, shared) |
		«ENDIF»
		| `«RunQemuScript.PATH»` | starts «IF fw.allNodesInOneImage»the image«ELSE»the hub and the nodes«ENDIF» on QEMU by hand |

		«IF fw.allNodesInOneImage»
		All «plan.nodeCount» nodes run in one QEMU (the channel «plan.transport.modelName» is in the image); every
		control line on its UART0 carries the node's `@<id> ` prefix.
		«ELSE»
		One QEMU per node, all on one Ethernet segment: the hub `«QemuCommandLine.HUB»` joins their LAN9118s
		(`-netdev dgram` over unix sockets in the run directory, no root needed) and injects faults on
		command (runtime/tools/ethhub/README.md). The node id reaches the image on the semihosting
		command line (`arg=node=N`).

		| node | id | address | MAC | hub port |
		|---|---|---|---|---|
		«FOR node : plan.nodes»
		| «node.name» | «Integer.toUnsignedString(node.id)» | «node.address»:«node.port» | «node.mac» | «QemuCommandLine.hubPort(plan.nodes.indexOf(node))» |
		«ENDFOR»
		«ENDIF»

		Memory: flash «size(fw.flashBytes)» (the target's), RAM «size(fw.ramBytes)» («fw.ramReason»), stack «size(fw.stackBytes)».
		The linker script is rendered from these into `build/firmware/mps2_an386.ld`; the link fails
		when stack, data and bss do not fit. `arm-none-eabi-size «QemuCommandLine.IMAGE»` shows what the image takes.
		«IF net !== null»
		lwIP: datagrams up to «net.maxDatagram» B, «net.rxBufferBytes» B of receive buffer in «net.poolBufferBytes»-byte pieces,
		«net.rxQueue» datagrams queued, «net.arpEntries» static ARP entries.
		«ENDIF»

		Storage: «IF plan.storage.durable»the node files `raft_node_<id>_*.bin` in «new FirmwareStorageWiring(plan).location», on the host, through semihosting«ELSE»RAM only: a node forgets everything when its QEMU stops«ENDIF».
		Each QEMU's semihosting console (start-up, faults, and at `shutdown` the node-side commit
		latency and stack use) goes to `NAME.semihost.log` in the run directory.
		`./raftforge launch --target qemu` starts the same processes from `launch.json` (UART0 on a unix
		socket there) and checks the outcome.
		'''
	}

	/** A C string literal of {@code text} followed by a newline. */
	def static String cLine(String text) {
		val literal = cString(text)
		return literal.substring(0, literal.length - 1) + "\\n\""
	}

	/** Bytes as the linker script takes them: "128K" (whole KiB), else the number. */
	def static String kiB(long bytes) {
		if (bytes % 1024 == 0) (bytes / 1024) + "K" else Long.toString(bytes)
	}

	/** report_figures() of a firmware main: what `raftforge bench` reads from the semihosting console. */
	def static CharSequence reportFigures() '''
		/* For `raftforge bench`, on the semihosting console: the node-side commit
		 * latency and how much of the stack was ever used. */
		static void report_figures(void)
		{
		    char text[160];
		    if (mps2_commit_probe_summary(&probe, text, sizeof text) > 0u) {
		        mps2_sh_write0(text);
		    }
		    struct raft_line l;
		    raft_line_begin(&l, text, sizeof text, 0);
		    raft_line_word(&l, "stack");
		    raft_line_field(&l, "reserved", (uint32_t)((uintptr_t)__stack_top - (uintptr_t)__stack_bottom));
		    raft_line_field(&l, "unused", mps2_stack_unused());
		    if (raft_line_end(&l) > 0u) {
		        mps2_sh_write0(text);
		    }
		}
	'''
}
