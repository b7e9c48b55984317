package org.raftforge.generator.plan;

import static org.raftforge.dsl.raft.RaftPackage.Literals.SEMIHOSTING_STORAGE__DIRECTORY;

import java.util.List;

import org.raftforge.dsl.net.Ipv4Subnet;
import org.raftforge.dsl.raft.ChannelTransport;
import org.raftforge.dsl.raft.Cluster;
import org.raftforge.dsl.raft.QemuTarget;
import org.raftforge.dsl.raft.SemihostingStorage;
import org.raftforge.dsl.raft.UdpTransport;
import org.raftforge.dsl.raft.Variant;
import org.raftforge.dsl.sizing.ResourceEstimator;

/**
 * The firmware stage of a QEMU variant: the memory layout, lwIP's sizes and the console's line length, from the
 * model and the capacities already planned. Limits of the board port that validation does not know (the
 * semihosting path length) become located {@link PlanProblem}s.
 */
final class FirmwarePlanner {

	/** Ethernet (14) + IPv4 (20) + UDP (8) headers and the LAN9118's 2-byte receive offset, in front of a datagram. */
	static final long FRAME_HEADERS = 2 + 14 + 20 + 8;
	/** lwIP's pool buffers must hold a frame's headers in the first one (lwipopts.h asks for 64). */
	static final long MIN_POOL_BUFFER = 64;
	/**
	 * Sends leave lwIP at once: the transport hands a datagram to the controller and frees it, and every peer's MAC
	 * is a static ARP entry, so nothing waits for an ARP answer.
	 */
	static final int TX_QUEUE = 1;
	/** mps2_semihost_files.h: MPS2_SH_FILES_DIR_MAX, with its terminating NUL. */
	static final int SEMIHOSTING_DIRECTORY_MAX = 31;

	/** Null for a variant that does not run on QEMU. */
	FirmwarePlan plan(Cluster cluster, Variant variant, Capacities capacities, List<PlanProblem> problems) {
		if (!(variant.getTarget() instanceof QemuTarget qemu)) {
			return null;
		}
		int nodesPerImage = ResourceEstimator.nodesPerImage(cluster, variant);
		long budget = cluster.getMemory().getBudget();
		long ram = Math.min(budget * nodesPerImage, qemu.getRam());
		String ramReason = nodesPerImage > 1
				? "memory budget " + budget + " B x " + nodesPerImage + " nodes in one image"
				: "memory budget (one node per image)";
		FirmwarePlan.Image image = variant.getTransport() instanceof ChannelTransport ? FirmwarePlan.Image.ALL_NODES
				: FirmwarePlan.Image.ONE_NODE;
		FirmwarePlan.Network network = variant.getTransport() instanceof UdpTransport udp
				? network(udp, cluster.getNodes().size(), capacities)
				: null;
		return new FirmwarePlan(image, qemu.getFlash(), ram, ramReason, cluster.getMemory().getStack(),
				capacities.controlLineMax(), storageDirectory(variant, problems), network);
	}

	private static FirmwarePlan.Network network(UdpTransport udp, int nodes, Capacities capacities) {
		long datagram = capacities.maxFrameSize();
		long wholeFrame = datagram + FRAME_HEADERS;
		long rxBuffer = udp.getReceiveBuffer();
		String rxReason = "receive-buffer of transport " + udp.getName();
		if (rxBuffer < wholeFrame) {
			rxBuffer = wholeFrame;
			rxReason = "one largest frame with its Ethernet, IPv4 and UDP headers (more than receive-buffer "
					+ udp.getReceiveBuffer() + " B)";
		}
		int queue = Math.max(1, udp.getQueueDepth());
		// queue-depth small datagrams fit the buffer; a large one takes a chain of pieces
		long piece = Math.max(MIN_POOL_BUFFER, Math.min(wholeFrame, rxBuffer / queue)) & ~3L;
		Ipv4Subnet subnet = Ipv4Subnet.parse(udp.getSubnet());
		int mask = subnet.mask();
		int[] netmask = { (mask >>> 24) & 0xff, (mask >>> 16) & 0xff, (mask >>> 8) & 0xff, mask & 0xff };
		return new FirmwarePlan.Network(datagram, rxBuffer, rxReason, piece, queue, TX_QUEUE, Math.max(1, nodes - 1),
				udp.getSubnet(), netmask);
	}

	/** The semihosting directory as the firmware's file ops take it: relative, "" for QEMU's working directory. */
	private static String storageDirectory(Variant variant, List<PlanProblem> problems) {
		if (!(variant.getStorage() instanceof SemihostingStorage semihosting)) {
			return "";
		}
		String directory = semihosting.getDirectory() == null ? "." : semihosting.getDirectory();
		String normalized = directory.equals(".") || directory.equals("./") ? "" : directory.replaceAll("/+$", "");
		if (normalized.startsWith("./")) {
			normalized = normalized.substring(2);
		}
		if (normalized.startsWith("/") || normalized.equals("..") || normalized.startsWith("../")
				|| normalized.contains("/../")) {
			problems.add(new PlanProblem(semihosting, SEMIHOSTING_STORAGE__DIRECTORY, "semihosting directory \""
					+ directory + "\" leaves QEMU's working directory, where the launcher keeps each node's files; "
					+ "use a relative path inside it, e.g. \"data\""));
		} else if (normalized.length() > SEMIHOSTING_DIRECTORY_MAX) {
			problems.add(new PlanProblem(semihosting, SEMIHOSTING_STORAGE__DIRECTORY, "semihosting directory \""
					+ directory + "\" is " + normalized.length() + " characters; the board's file ops take at most "
					+ SEMIHOSTING_DIRECTORY_MAX + "; use a shorter one"));
		} else if (!normalized.matches("[A-Za-z0-9._/-]*")) {
			problems.add(new PlanProblem(semihosting, SEMIHOSTING_STORAGE__DIRECTORY, "semihosting directory \""
					+ directory + "\" has characters other than letters, digits, '.', '_', '-' and '/', which the "
					+ "generated firmware and scripts do not quote; rename it"));
		}
		return normalized;
	}
}
