package org.raftforge.generator.targets;

import java.util.ArrayList;
import java.util.List;

import org.raftforge.generator.plan.PlannedNode;
import org.raftforge.generator.plan.VariantPlan;

/**
 * The command lines of a QEMU variant's processes (runtime/ports/mps2/README.md, "QEMU command line per node"), with
 * launch.json's placeholders {@code ${out}} and {@code ${run}} in the paths. The same strings are valid inside double
 * quotes in sh when the script names its variables {@code out} and {@code run} (run-qemu.sh does).
 *
 * Run directory layout (sockets must stay below 108 bytes of path): {@code node-N.uart} (UART0, QEMU listens),
 * {@code node-N.semihost.log} (semihosting console), {@code node-P.sock} / {@code hub-P.sock} (the node's and the
 * hub's end of its Ethernet link, P its hub port: its position in the node table, from 1), the node files
 * {@code raft_node_N_*.bin}. A channel image uses the cluster's name instead of {@code node-N}.
 */
public final class QemuCommandLine {

	public static final String QEMU = "qemu-system-arm";
	public static final String OUT = "${out}";
	public static final String RUN = "${run}";
	/** The firmware image, relative to the variant directory. */
	public static final String IMAGE = "build/firmware/node.elf";
	/** The Ethernet hub the UDP variants' Makefile builds, relative to the variant directory. */
	public static final String HUB = "build/host/ethhub";
	/** The hub's own random seed for its fault streams (launchers may pass another). */
	public static final String HUB_SEED = "1";

	/** How UART0 reaches the host. */
	public enum Uart {
		/** A unix socket QEMU listens on and waits for (the launcher connects; nothing is lost before). */
		SOCKET,
		/** Two FIFOs, {@code NAME.in} and {@code NAME.out} (run-qemu.sh talks to them with plain sh). */
		PIPE
	}

	private QemuCommandLine() {
	}

	/** The base name of a process's files in the run directory: {@code node-<id>}, or the cluster's name. */
	public static String processName(VariantPlan plan, PlannedNode node) {
		return node == null ? plan.clusterName() : "node-" + Integer.toUnsignedString(node.id());
	}

	public static String uartSocket(VariantPlan plan, PlannedNode node) {
		return RUN + "/" + processName(plan, node) + ".uart";
	}

	public static String consoleLog(VariantPlan plan, PlannedNode node) {
		return RUN + "/" + processName(plan, node) + ".semihost.log";
	}

	/**
	 * The node's end of its Ethernet link, named after its hub port as ethhub expects (a killed QEMU leaves it
	 * behind: remove it before a restart).
	 */
	public static String ethernetSocket(int position) {
		return RUN + "/node-" + hubPort(position) + ".sock";
	}

	/** The hub port of the node at {@code position} (0-based) in the table: ports are 1..N. */
	public static int hubPort(int position) {
		return position + 1;
	}

	/**
	 * One QEMU. {@code node} is the node it runs (UDP, {@code position} its index in the table), or null for the
	 * channel image running them all.
	 */
	public static List<String> argv(VariantPlan plan, PlannedNode node, int position, Uart uart) {
		String name = processName(plan, node);
		List<String> argv = new ArrayList<>(List.of(QEMU, "-machine", plan.board().machine(), "-cpu",
				plan.board().cpu(), "-display", "none", "-monitor", "none"));
		if (uart == Uart.SOCKET) {
			argv.add("-chardev");
			argv.add("socket,id=uart0,path=" + uartSocket(plan, node) + ",server=on,wait=on");
		} else {
			argv.add("-chardev");
			argv.add("pipe,id=uart0,path=" + RUN + "/" + name);
		}
		argv.addAll(List.of("-serial", "chardev:uart0", "-chardev", "file,id=semihost0,path=" + consoleLog(plan, node),
				"-semihosting-config", "enable=on,target=native,chardev=semihost0"
						+ (node == null ? "" : ",arg=node=" + Integer.toUnsignedString(node.id())),
				"-kernel", OUT + "/" + IMAGE));
		if (node != null) {
			int port = hubPort(position);
			argv.addAll(List.of("-netdev", "dgram,id=eth0,local.type=unix,local.path=" + ethernetSocket(position)
					+ ",remote.type=unix,remote.path=" + RUN + "/hub-" + port + ".sock", "-net",
					"nic,netdev=eth0,model=lan9118,macaddr=" + node.mac().text()));
		}
		return argv;
	}

	/** The hub joining the nodes' LAN9118s: port P for the node at position P-1; commands on stdin. */
	public static List<String> hubArgv(VariantPlan plan) {
		return List.of(OUT + "/" + HUB, "--ports", Integer.toString(plan.nodeCount()), "--dir", RUN, "--seed",
				HUB_SEED);
	}
}
