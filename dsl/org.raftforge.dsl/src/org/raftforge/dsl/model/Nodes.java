package org.raftforge.dsl.model;

import java.util.List;

import org.raftforge.dsl.net.Ipv4Address;
import org.raftforge.dsl.raft.Cluster;
import org.raftforge.dsl.raft.Node;

/**
 * Node facts derived from the model, shared by validation and the generator.
 */
public final class Nodes {

	private Nodes() {
	}

	/** The Raft id: the written {@code id}, else the node's 1-based position in the cluster. */
	public static int effectiveId(Node node) {
		if (node.getId() > 0) {
			return node.getId();
		}
		Cluster cluster = (Cluster) node.eContainer();
		return cluster == null ? 0 : cluster.getNodes().indexOf(node) + 1;
	}

	/** Nodes that vote (everything not declared {@code learner}). */
	public static List<Node> voters(Cluster cluster) {
		return cluster.getNodes().stream().filter(node -> !node.isLearner()).toList();
	}

	public static List<Node> learners(Cluster cluster) {
		return cluster.getNodes().stream().filter(Node::isLearner).toList();
	}

	/** Where a native run binds every node when the model's ports tell the nodes apart. */
	public static final Ipv4Address LOOPBACK = Ipv4Address.parse("127.0.0.1");

	/** Whether every node has its own port (then all of them can share one address). */
	public static boolean portsUnique(Cluster cluster) {
		return cluster.getNodes().stream().map(Node::getPort).distinct().count() == cluster.getNodes().size();
	}

	/**
	 * The address a node binds when it runs natively: {@link #LOOPBACK} with its model port when the ports are
	 * unique; otherwise one loopback address per node, 127.0.0.N for the N-th node (Linux routes all of
	 * 127.0.0.0/8 to the loopback interface; other hosts may need an alias per extra address).
	 */
	public static Ipv4Address nativeAddress(Node node) {
		Cluster cluster = (Cluster) node.eContainer();
		if (cluster == null || portsUnique(cluster)) {
			return LOOPBACK;
		}
		return LOOPBACK.plus(cluster.getNodes().indexOf(node));
	}
}
