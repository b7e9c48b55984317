package org.raftforge.dsl.validation;

import static org.raftforge.dsl.raft.RaftPackage.Literals.CLUSTER__NAME;
import static org.raftforge.dsl.raft.RaftPackage.Literals.NODE__ADDRESS;
import static org.raftforge.dsl.raft.RaftPackage.Literals.NODE__ID;
import static org.raftforge.dsl.raft.RaftPackage.Literals.NODE__MAC;
import static org.raftforge.dsl.raft.RaftPackage.Literals.NODE__NAME;
import static org.raftforge.dsl.raft.RaftPackage.Literals.NODE__PORT;
import static org.raftforge.dsl.raft.RaftPackage.Literals.UDP_TRANSPORT__SUBNET;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.eclipse.xtext.validation.Check;
import org.raftforge.dsl.model.Nodes;
import org.raftforge.dsl.model.Presence;
import org.raftforge.dsl.model.Variants;
import org.raftforge.dsl.net.Ipv4Address;
import org.raftforge.dsl.net.Ipv4Subnet;
import org.raftforge.dsl.net.MacAddress;
import org.raftforge.dsl.raft.Cluster;
import org.raftforge.dsl.raft.Node;
import org.raftforge.dsl.raft.Transport;
import org.raftforge.dsl.raft.UdpTransport;
import org.raftforge.dsl.raft.Variant;
import org.raftforge.dsl.sizing.ResourceEstimator;

/**
 * Nodes and their addressing: how many, unique names/ids/endpoints, ports, subnets, MACs.
 */
public class NodesValidator extends AbstractRaftCheck {

	private static final int HIGHEST_PORT = 65535;
	/** Where the next-free-port suggestion starts when it has to wrap around. */
	private static final int FIRST_UNPRIVILEGED_PORT = 1024;

	@Check
	public void checkNodeCount(Cluster cluster) {
		List<Node> nodes = cluster.getNodes();
		if (nodes.isEmpty()) {
			error("cluster " + cluster.getName() + " has no nodes: declare at least one, e.g. `node n1 10.0.0.1:9001`",
					CLUSTER__NAME, RaftIssueCodes.NO_NODES);
			return;
		}
		if (nodes.size() > ResourceEstimator.MAX_NODES) {
			Node first = nodes.get(ResourceEstimator.MAX_NODES);
			error("cluster " + cluster.getName() + " has " + nodes.size() + " nodes; the runtime holds at most "
					+ ResourceEstimator.MAX_NODES + ": remove this node and the ones after it", first, NODE__NAME,
					RaftIssueCodes.TOO_MANY_NODES);
		}
		int voters = Nodes.voters(cluster).size();
		if (voters == 0) {
			error("every node of cluster " + cluster.getName()
					+ " is a learner, so none can vote or lead: remove `learner` from at least one node",
					CLUSTER__NAME, RaftIssueCodes.NO_VOTERS);
		} else if (voters % 2 == 0) {
			String[] node = suggestedNode(cluster);
			warning(voters + " voting nodes tolerate no more failures than " + (voters - 1) + " (a majority is "
					+ (voters / 2 + 1) + "): add a node (e.g. `node " + node[0] + " " + node[1] + ":" + node[2]
					+ "`) or make one a `learner`", CLUSTER__NAME, RaftIssueCodes.EVEN_VOTER_COUNT, node);
		}
	}

	@Check
	public void checkNamesAndIds(Cluster cluster) {
		Map<String, Node> byName = new HashMap<>();
		Map<Integer, Node> byId = new HashMap<>();
		for (Node node : cluster.getNodes()) {
			Node sameName = byName.putIfAbsent(node.getName(), node);
			if (sameName != null) {
				error("node name " + node.getName() + " is already used by the node on " + lineOf(sameName)
						+ ": give this node another name", node, NODE__NAME, RaftIssueCodes.DUPLICATE_NODE_NAME);
			}
			boolean idWritten = Presence.isWritten(node, NODE__ID);
			if (idWritten && node.getId() < 1) {
				error("node id " + node.getId() + " is not allowed: ids start at 1 (0 means \"no node\" in Raft)",
						node, NODE__ID, RaftIssueCodes.INVALID_NODE_ID);
				continue;
			}
			int id = Nodes.effectiveId(node);
			Node sameId = byId.putIfAbsent(id, node);
			if (sameId != null) {
				String how = idWritten ? "" : " (from its position; write `id N` to choose another)";
				error("node " + node.getName() + " has id " + id + how + ", which node " + sameId.getName()
						+ " on " + lineOf(sameId) + " already has: node ids must be unique", node,
						idWritten ? NODE__ID : NODE__NAME, RaftIssueCodes.DUPLICATE_NODE_ID);
			}
		}
	}

	@Check
	public void checkPortsAndEndpoints(Cluster cluster) {
		Optional<Variant> nativeUdp = cluster.getVariants().stream()
				.filter(variant -> Variants.runsNatively(variant) && Variants.usesUdp(variant)).findFirst();
		Optional<Variant> qemuUdp = cluster.getVariants().stream()
				.filter(variant -> Variants.runsOnQemu(variant) && Variants.usesUdp(variant)).findFirst();
		Map<String, Node> byEndpoint = new HashMap<>();
		Map<String, Node> byAddress = new HashMap<>();
		Map<Integer, Node> byPort = new HashMap<>();
		for (Node node : cluster.getNodes()) {
			if (node.getPort() < 1 || node.getPort() > HIGHEST_PORT) {
				error("port " + node.getPort() + " is not a usable UDP port: use 1.." + HIGHEST_PORT + ", e.g. "
						+ nextFreePort(cluster), node, NODE__PORT, RaftIssueCodes.PORT_OUT_OF_RANGE,
						Integer.toString(nextFreePort(cluster)));
				continue;
			}
			if (node.getAddress() == null) {
				continue;
			}
			Node sameEndpoint = byEndpoint.putIfAbsent(node.getAddress() + ":" + node.getPort(), node);
			if (sameEndpoint != null) {
				error("node " + node.getName() + " has the same address and port as node " + sameEndpoint.getName()
						+ " on " + lineOf(sameEndpoint) + ": use another port, e.g. " + nextFreePort(cluster), node,
						NODE__PORT, RaftIssueCodes.DUPLICATE_ENDPOINT, Integer.toString(nextFreePort(cluster)));
				continue;
			}
			Node sameAddress = byAddress.putIfAbsent(node.getAddress(), node);
			if (sameAddress != null && qemuUdp.isPresent()) {
				error("node " + node.getName() + " has the address of node " + sameAddress.getName() + " on "
						+ lineOf(sameAddress) + ", but variant " + qemuUdp.get().getName()
						+ " runs every node as its own QEMU with its own interface: give each node its own address",
						node, NODE__ADDRESS, RaftIssueCodes.DUPLICATE_ADDRESS);
			}
			Node samePort = byPort.putIfAbsent(node.getPort(), node);
			if (samePort != null && nativeUdp.isPresent()) {
				error("node " + node.getName() + " shares port " + node.getPort() + " with node " + samePort.getName()
						+ ", but variant " + nativeUdp.get().getName() + " runs natively, where the nodes are told "
						+ "apart by their ports on " + Nodes.LOOPBACK + ": use another port, e.g. "
						+ nextFreePort(cluster), node, NODE__PORT, RaftIssueCodes.SHARED_PORT_ON_NATIVE,
						Integer.toString(nextFreePort(cluster)));
			} else if (samePort != null && qemuUdp.isPresent()) {
				// the generator gives such nodes one loopback address each for a native run (Nodes.nativeAddress)
				warning("node " + node.getName() + " shares port " + node.getPort() + " with node "
						+ samePort.getName() + ": fine on QEMU, where every node has its own interface; "
						+ "`launch --target native` then binds each node to its own loopback address (this one to "
						+ Nodes.nativeAddress(node) + ":" + node.getPort() + "), which Linux provides but a host "
						+ "with only " + Nodes.LOOPBACK + " (e.g. macOS without `lo0` aliases) refuses; "
						+ "to run natively anywhere, give each node its own port, e.g. " + nextFreePort(cluster),
						node, NODE__PORT, RaftIssueCodes.SHARED_PORT_LOOPBACK_PER_NODE,
						Integer.toString(nextFreePort(cluster)));
			}
		}
	}

	@Check
	public void checkAddressesInSubnets(Cluster cluster) {
		for (Transport transport : cluster.getTransports()) {
			if (!(transport instanceof UdpTransport udp) || udp.getSubnet() == null) {
				continue;
			}
			Ipv4Subnet subnet = Ipv4Subnet.parse(udp.getSubnet());
			if (subnet.hasHostBits()) {
				String written = subnet.networkAddress() + "/" + subnet.prefixLength();
				warning("subnet " + udp.getSubnet() + " has host bits set; its network is " + written
						+ ": write that", udp, UDP_TRANSPORT__SUBNET, RaftIssueCodes.SUBNET_HOST_BITS, written);
			}
			for (Node node : cluster.getNodes()) {
				if (node.getAddress() == null) {
					continue;
				}
				Ipv4Address address = Ipv4Address.parse(node.getAddress());
				if (!subnet.contains(address)) {
					String free = firstFreeAddress(subnet, cluster);
					error("address " + address + " of node " + node.getName() + " is outside subnet "
							+ subnet.networkAddress() + "/" + subnet.prefixLength() + " of transport " + udp.getName()
							+ ": use an address in " + subnet.firstHost() + " .. " + subnet.lastHost()
							+ (free.isEmpty() ? "" : ", e.g. " + free), node, NODE__ADDRESS,
							RaftIssueCodes.ADDRESS_OUTSIDE_SUBNET, free);
				} else if (!subnet.isUsableHost(address)) {
					String which = address.equals(subnet.networkAddress()) ? "network" : "broadcast";
					String free = firstFreeAddress(subnet, cluster);
					error("address " + address + " of node " + node.getName() + " is the " + which
							+ " address of subnet " + subnet.networkAddress() + "/" + subnet.prefixLength()
							+ ": use a host address in " + subnet.firstHost() + " .. " + subnet.lastHost()
							+ (free.isEmpty() ? "" : ", e.g. " + free), node, NODE__ADDRESS,
							RaftIssueCodes.ADDRESS_RESERVED, free);
				}
			}
		}
	}

	@Check
	public void checkMacs(Cluster cluster) {
		Map<String, Node> byMac = new HashMap<>();
		for (Node node : cluster.getNodes()) {
			if (node.getMac() == null) {
				continue;
			}
			if (MacAddress.parse(node.getMac()).isMulticast()) {
				error("MAC " + node.getMac() + " of node " + node.getName()
						+ " is a multicast address (lowest bit of the first octet set): use a unicast one such as "
						+ String.format("02:00:00:00:00:%02x", Nodes.effectiveId(node) & 0xff), node, NODE__MAC,
						RaftIssueCodes.MULTICAST_MAC);
			}
			Node sameMac = byMac.putIfAbsent(node.getMac(), node);
			if (sameMac != null) {
				error("node " + node.getName() + " has the MAC of node " + sameMac.getName() + " on "
						+ lineOf(sameMac) + ": every NIC on the segment needs its own", node, NODE__MAC,
						RaftIssueCodes.DUPLICATE_MAC);
			}
		}
	}

	/** A node that could be added: an unused name, a free address (in the first UDP subnet) and port. */
	static String[] suggestedNode(Cluster cluster) {
		Set<String> names = new HashSet<>();
		cluster.getNodes().forEach(node -> names.add(node.getName()));
		int number = cluster.getNodes().size() + 1;
		while (names.contains("n" + number)) {
			number++;
		}
		String address = cluster.getNodes().get(cluster.getNodes().size() - 1).getAddress();
		for (Transport transport : cluster.getTransports()) {
			if (transport instanceof UdpTransport udp && udp.getSubnet() != null) {
				String free = firstFreeAddress(Ipv4Subnet.parse(udp.getSubnet()), cluster);
				address = free.isEmpty() ? address : free;
				break;
			}
		}
		return new String[] { "n" + number, address, Integer.toString(nextFreePort(cluster)) };
	}

	/** The smallest valid port above every port in use, else the smallest unused one from 1024. */
	static int nextFreePort(Cluster cluster) {
		Set<Integer> used = new HashSet<>();
		int highest = 0;
		for (Node node : cluster.getNodes()) {
			used.add(node.getPort());
			if (node.getPort() <= HIGHEST_PORT) {
				highest = Math.max(highest, node.getPort());
			}
		}
		if (highest < HIGHEST_PORT && highest > 0) {
			return highest + 1;
		}
		for (int port = FIRST_UNPRIVILEGED_PORT; port <= HIGHEST_PORT; port++) {
			if (!used.contains(port)) {
				return port;
			}
		}
		return FIRST_UNPRIVILEGED_PORT;
	}

	/** The first host address of the subnet no node uses; "" when the subnet is full. */
	static String firstFreeAddress(Ipv4Subnet subnet, Cluster cluster) {
		Set<String> used = new HashSet<>();
		for (Node node : cluster.getNodes()) {
			used.add(node.getAddress());
		}
		Ipv4Address candidate = subnet.firstHost();
		long hosts = subnet.lastHost().unsigned() - subnet.firstHost().unsigned() + 1;
		for (long i = 0; i < hosts && i <= cluster.getNodes().size(); i++, candidate = candidate.plus(1)) {
			if (!used.contains(candidate.toString())) {
				return candidate.toString();
			}
		}
		return "";
	}
}
