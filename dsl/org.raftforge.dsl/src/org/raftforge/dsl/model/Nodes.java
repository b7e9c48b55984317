package org.raftforge.dsl.model;

import java.util.List;

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
}
