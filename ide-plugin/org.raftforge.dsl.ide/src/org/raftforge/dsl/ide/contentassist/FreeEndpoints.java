package org.raftforge.dsl.ide.contentassist;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.raftforge.dsl.model.Variants;
import org.raftforge.dsl.net.Ipv4Address;
import org.raftforge.dsl.net.Ipv4Subnet;
import org.raftforge.dsl.raft.Cluster;
import org.raftforge.dsl.raft.Node;
import org.raftforge.dsl.raft.Transport;
import org.raftforge.dsl.raft.UdpTransport;

/**
 * What a new node could use: a free name, address and port. The port and address follow
 * the same policy as the suggestions in the validators' messages, so content assist and
 * quick fixes never disagree.
 */
public final class FreeEndpoints {

	private static final int HIGHEST_PORT = 65535;
	private static final int FIRST_UNPRIVILEGED_PORT = 1024;
	/** Where ports start in a model without nodes (the seed's first port). */
	private static final int FIRST_MODEL_PORT = 9001;

	private FreeEndpoints() {
	}

	/** "n" and the smallest number above the node count that no node is named with. */
	public static String nextFreeName(Cluster cluster) {
		return nextFreeName(cluster, null);
	}

	/** As {@link #nextFreeName(Cluster)}, not counting {@code edited} (the node being written). */
	public static String nextFreeName(Cluster cluster, Node edited) {
		List<Node> nodes = others(cluster, edited);
		Set<String> names = new HashSet<>();
		nodes.forEach(node -> names.add(node.getName()));
		int number = nodes.size() + 1;
		while (names.contains("n" + number)) {
			number++;
		}
		return "n" + number;
	}

	/** The port above the highest one in use; when that is taken up, the smallest unused from 1024. */
	public static int nextFreePort(Cluster cluster) {
		return nextFreePort(cluster, null);
	}

	/** As {@link #nextFreePort(Cluster)}, not counting {@code edited} (the node being written). */
	public static int nextFreePort(Cluster cluster, Node edited) {
		Set<Integer> used = new HashSet<>();
		int highest = 0;
		for (Node node : others(cluster, edited)) {
			used.add(node.getPort());
			if (node.getPort() <= HIGHEST_PORT) {
				highest = Math.max(highest, node.getPort());
			}
		}
		if (highest == 0) {
			return FIRST_MODEL_PORT;
		}
		if (highest < HIGHEST_PORT) {
			return highest + 1;
		}
		for (int port = FIRST_UNPRIVILEGED_PORT; port <= HIGHEST_PORT; port++) {
			if (!used.contains(port)) {
				return port;
			}
		}
		return FIRST_UNPRIVILEGED_PORT;
	}

	/**
	 * The address for a new node: nodes that all share one address on a cluster that never
	 * gives each node its own interface (no UDP on QEMU) keep sharing it; otherwise the first
	 * host address of the first UDP subnet that no node uses.
	 */
	public static Optional<String> suggestedAddress(Cluster cluster) {
		return suggestedAddress(cluster, null);
	}

	/** As {@link #suggestedAddress(Cluster)}, not counting {@code edited} (the node being written). */
	public static Optional<String> suggestedAddress(Cluster cluster, Node edited) {
		List<Node> nodes = others(cluster, edited);
		Set<String> addresses = new HashSet<>();
		nodes.forEach(node -> {
			if (node.getAddress() != null) {
				addresses.add(node.getAddress());
			}
		});
		boolean ownInterfaces = cluster.getVariants().stream()
				.anyMatch(variant -> Variants.runsOnQemu(variant) && Variants.usesUdp(variant));
		if (addresses.size() == 1 && nodes.size() > 1 && !ownInterfaces) {
			return Optional.of(addresses.iterator().next());
		}
		return firstUdpSubnet(cluster).flatMap(subnet -> firstFreeAddress(subnet, addresses));
	}

	private static List<Node> others(Cluster cluster, Node edited) {
		return cluster.getNodes().stream().filter(node -> node != edited).toList();
	}

	/** The first host address of the subnet that is not in {@code used}. */
	public static Optional<String> firstFreeAddress(Ipv4Subnet subnet, Set<String> used) {
		Ipv4Address candidate = subnet.firstHost();
		long hosts = subnet.lastHost().unsigned() - subnet.firstHost().unsigned() + 1;
		for (long i = 0; i < hosts && i <= used.size(); i++, candidate = candidate.plus(1)) {
			if (!used.contains(candidate.toString())) {
				return Optional.of(candidate.toString());
			}
		}
		return Optional.empty();
	}

	/** The subnet of the first UDP transport whose subnet can be read. */
	public static Optional<Ipv4Subnet> firstUdpSubnet(Cluster cluster) {
		for (Transport transport : cluster.getTransports()) {
			if (transport instanceof UdpTransport udp && udp.getSubnet() != null) {
				try {
					return Optional.of(Ipv4Subnet.parse(udp.getSubnet()));
				} catch (RuntimeException unreadable) {
					// the value converter already reports it; look at the next transport
				}
			}
		}
		return Optional.empty();
	}
}
