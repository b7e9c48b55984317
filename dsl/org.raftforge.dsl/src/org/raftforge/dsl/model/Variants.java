package org.raftforge.dsl.model;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.raftforge.dsl.raft.ChannelTransport;
import org.raftforge.dsl.raft.Cluster;
import org.raftforge.dsl.raft.NativeTarget;
import org.raftforge.dsl.raft.QemuTarget;
import org.raftforge.dsl.raft.UdpTransport;
import org.raftforge.dsl.raft.Variant;

/**
 * Choosing variants, as the tools (generate, launch) do it.
 */
public final class Variants {

	private Variants() {
	}

	/** The variant marked {@code default}; the only variant when there is just one. */
	public static Optional<Variant> defaultVariant(Cluster cluster) {
		List<Variant> marked = cluster.getVariants().stream().filter(Variant::isDefaultVariant).toList();
		if (marked.size() == 1) {
			return Optional.of(marked.get(0));
		}
		if (marked.isEmpty() && cluster.getVariants().size() == 1) {
			return Optional.of(cluster.getVariants().get(0));
		}
		return Optional.empty();
	}

	public static Optional<Variant> named(Cluster cluster, String name) {
		return cluster.getVariants().stream().filter(variant -> name.equals(variant.getName())).findFirst();
	}

	/**
	 * The variant a tool should use: the one named, else the default.
	 *
	 * @throws IllegalArgumentException with a message listing the variants there are
	 */
	public static Variant select(Cluster cluster, String nameOrNull) {
		if (nameOrNull != null) {
			return named(cluster, nameOrNull).orElseThrow(() -> new IllegalArgumentException("cluster "
					+ cluster.getName() + " has no variant '" + nameOrNull + "'; its variants are: " + names(cluster)));
		}
		return defaultVariant(cluster).orElseThrow(() -> new IllegalArgumentException("cluster " + cluster.getName()
				+ " has no default variant; choose one of: " + names(cluster)
				+ " (or mark one `default variant`)"));
	}

	public static String names(Cluster cluster) {
		if (cluster.getVariants().isEmpty()) {
			return "(none declared)";
		}
		return cluster.getVariants().stream().map(Variant::getName).collect(Collectors.joining(", "));
	}

	public static boolean runsOnQemu(Variant variant) {
		return variant.getTarget() instanceof QemuTarget;
	}

	public static boolean runsNatively(Variant variant) {
		return variant.getTarget() instanceof NativeTarget;
	}

	public static boolean usesUdp(Variant variant) {
		return variant.getTransport() instanceof UdpTransport;
	}

	/** All nodes run in one image (one process or one QEMU) when they talk through a channel. */
	public static boolean allNodesInOneImage(Variant variant) {
		return variant.getTransport() instanceof ChannelTransport;
	}
}
