package org.raftforge.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.raftforge.dsl.tests.Models.BASE;
import static org.raftforge.dsl.tests.Models.base;
import static org.raftforge.dsl.tests.Models.edit;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.raftforge.dsl.model.Nodes;
import org.raftforge.dsl.raft.Cluster;
import org.raftforge.dsl.validation.RaftIssueCodes;

import com.google.inject.Inject;

@ExtendWith(InjectionExtension.class)
@InjectWith(RaftInjectorProvider.class)
class NodesValidationTest {

	private static final String FIVE_NODES = """
			  node n1 10.0.0.1:9001
			  node n2 10.0.0.2:9002
			  node n3 10.0.0.3:9003
			  node n4 10.0.0.4:9004
			  node n5 10.0.0.5:9005
			""";

	@Inject
	private ModelChecker checker;

	private static String withNodes(String nodes) {
		return base(FIVE_NODES, nodes);
	}

	private static String numberedNodes(int count) {
		return IntStream.rangeClosed(1, count).mapToObj(i -> "  node n" + i + " 10.0.0." + i + ":" + (9000 + i) + "\n")
				.collect(Collectors.joining());
	}

	@Test
	void baseModelIsClean() {
		checker.assertClean(BASE);
	}

	@Test
	void clusterWithoutNodes() {
		checker.assertError(edit(withNodes(""), "cluster base", "cluster [[base]]"), RaftIssueCodes.NO_NODES,
				"has no nodes", "node n1 10.0.0.1:9001");
		checker.assertNoIssue(withNodes("  node n1 10.0.0.1:9001\n"), RaftIssueCodes.NO_NODES);
	}

	@Test
	void moreNodesThanTheRuntimeHolds() {
		String thirtyThree = numberedNodes(33);
		checker.assertError(withNodes(edit(thirtyThree, "node n33 ", "node [[n33]] ")), RaftIssueCodes.TOO_MANY_NODES,
				"33 nodes", "at most 32");
		checker.assertNoIssue(withNodes(numberedNodes(32)), RaftIssueCodes.TOO_MANY_NODES);
	}

	@Test
	void onlyLearners() {
		String learners = FIVE_NODES.replace("\n", " learner\n");
		checker.assertError(edit(withNodes(learners), "cluster base", "cluster [[base]]"), RaftIssueCodes.NO_VOTERS,
				"learner");
		checker.assertNoIssue(withNodes(learners.replaceFirst(" learner", "")), RaftIssueCodes.NO_VOTERS);
	}

	@Test
	void evenNumberOfVoters() {
		String four = numberedNodes(4);
		Issue issue = checker.assertWarning(edit(withNodes(four), "cluster base", "cluster [[base]]"),
				RaftIssueCodes.EVEN_VOTER_COUNT, "4 voting nodes", "no more failures than 3",
				"`node n5 10.0.0.5:9005`");
		assertArrayEquals(new String[] { "n5", "10.0.0.5", "9005" }, issue.getData(), "a node to add");
		// a learner does not vote: three voters are fine
		checker.assertNoIssue(withNodes(edit(four, "10.0.0.4:9004", "10.0.0.4:9004 learner")),
				RaftIssueCodes.EVEN_VOTER_COUNT);
	}

	@Test
	void duplicateNodeName() {
		checker.assertError(base("node n2 ", "node [[n1]] "), RaftIssueCodes.DUPLICATE_NODE_NAME,
				"node name n1 is already used", "line ");
	}

	@Test
	void nodeIdZero() {
		checker.assertError(base("10.0.0.1:9001", "10.0.0.1:9001 id [[0]]"), RaftIssueCodes.INVALID_NODE_ID,
				"ids start at 1");
		checker.assertNoIssue(base("10.0.0.1:9001", "10.0.0.1:9001 id 1"), RaftIssueCodes.INVALID_NODE_ID);
	}

	@Test
	void duplicateNodeIds() {
		// written id that another node has by position
		checker.assertError(base("10.0.0.3:9003", "10.0.0.3:9003 id [[1]]"), RaftIssueCodes.DUPLICATE_NODE_ID,
				"node n3 has id 1", "node n1");
		// position id that another node took by `id`
		checker.assertError(base("node n1 10.0.0.1:9001", "node n1 10.0.0.1:9001 id 2").replace("node n2 ",
				"node [[n2]] "), RaftIssueCodes.DUPLICATE_NODE_ID, "from its position");
		checker.assertNoIssue(base("10.0.0.1:9001", "10.0.0.1:9001 id 6"), RaftIssueCodes.DUPLICATE_NODE_ID);
	}

	@Test
	void portOutOfRange() {
		Issue zero = checker.assertError(base("10.0.0.1:9001", "10.0.0.1:[[0]]"), RaftIssueCodes.PORT_OUT_OF_RANGE,
				"port 0", "1..65535");
		assertArrayEquals(new String[] { "9006" }, zero.getData(), "the next free port for a quick fix");
		checker.assertError(base("10.0.0.1:9001", "10.0.0.1:[[65536]]"), RaftIssueCodes.PORT_OUT_OF_RANGE,
				"port 65536");
		checker.assertNoIssue(base("10.0.0.1:9001", "10.0.0.1:65535"), RaftIssueCodes.PORT_OUT_OF_RANGE);
		checker.assertNoIssue(base("10.0.0.1:9001", "10.0.0.1:1"), RaftIssueCodes.PORT_OUT_OF_RANGE);
	}

	@Test
	void duplicateEndpoint() {
		Issue issue = checker.assertError(base("10.0.0.2:9002", "10.0.0.1:[[9001]]"),
				RaftIssueCodes.DUPLICATE_ENDPOINT, "same address and port as node n1", "9006");
		assertArrayEquals(new String[] { "9006" }, issue.getData());
	}

	@Test
	void duplicateAddressWhenEveryNodeIsItsOwnQemu() {
		checker.assertError(base("10.0.0.2:9002", "[[10.0.0.1]]:9002"), RaftIssueCodes.DUPLICATE_ADDRESS,
				"address of node n1", "semihosting_udp");
		// without a UDP variant on QEMU, nodes may share an address (loopback, channel)
		String noQemuUdp = base("  default variant semihosting_udp { storage disk transport ethernet target board }\n",
				"");
		checker.assertNoIssue(edit(noQemuUdp, "10.0.0.2:9002", "10.0.0.1:9002"), RaftIssueCodes.DUPLICATE_ADDRESS);
	}

	@Test
	void sharedPortWhereAllNodesBindLoopback() {
		checker.assertError(base("10.0.0.2:9002", "10.0.0.2:[[9001]]"), RaftIssueCodes.SHARED_PORT_ON_NATIVE,
				"shares port 9001 with node n1", "native_udp", "told apart by their ports on 127.0.0.1");
		checker.assertNoIssue(BASE, RaftIssueCodes.SHARED_PORT_ON_NATIVE);
	}

	@Test
	void sharedPortOnQemuOnlyWarnsThatNativeRunsNeedOneLoopbackAddressPerNode() {
		String qemuOnly = base("  variant native_udp { storage hostdisk transport ethernet target host }\n", "");
		Issue issue = checker.assertWarning(edit(qemuOnly, "10.0.0.2:9002", "10.0.0.2:[[9001]]"),
				RaftIssueCodes.SHARED_PORT_LOOPBACK_PER_NODE, "shares port 9001 with node n1",
				"`launch --target native` then binds each node to its own loopback address (this one to 127.0.0.2:9001)",
				"only 127.0.0.1", "give each node its own port, e.g. 9006");
		assertArrayEquals(new String[] { "9006" }, issue.getData());
		checker.assertNoIssue(qemuOnly, RaftIssueCodes.SHARED_PORT_LOOPBACK_PER_NODE);
		checker.assertNoIssue(edit(qemuOnly, "10.0.0.2:9002", "10.0.0.2:9001"), RaftIssueCodes.SHARED_PORT_ON_NATIVE);
	}

	@Test
	void theNativeAddressTheWarningNamesIsTheOneEachNodeBinds() {
		String qemuOnly = base("  variant native_udp { storage hostdisk transport ethernet target host }\n", "");
		Cluster shared = checker.parse(edit(qemuOnly, "10.0.0.2:9002", "10.0.0.2:9001"));
		assertEquals(List.of("127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"),
				shared.getNodes().stream().map(node -> Nodes.nativeAddress(node).toString()).toList());
		Cluster distinct = checker.parse(qemuOnly);
		assertEquals(Set.of("127.0.0.1"),
				distinct.getNodes().stream().map(node -> Nodes.nativeAddress(node).toString()).collect(Collectors.toSet()));
	}

	@Test
	void addressOutsideTheSubnet() {
		Issue issue = checker.assertError(base("10.0.0.5:9005", "[[10.0.1.5]]:9005"),
				RaftIssueCodes.ADDRESS_OUTSIDE_SUBNET, "10.0.1.5", "outside subnet 10.0.0.0/24 of transport ethernet",
				"10.0.0.1 .. 10.0.0.254");
		assertArrayEquals(new String[] { "10.0.0.5" }, issue.getData(), "the first free address for a quick fix");
		checker.assertNoIssue(base("10.0.0.5:9005", "10.0.0.254:9005"), RaftIssueCodes.ADDRESS_OUTSIDE_SUBNET);
	}

	@Test
	void networkAndBroadcastAddresses() {
		checker.assertError(base("10.0.0.5:9005", "[[10.0.0.0]]:9005"), RaftIssueCodes.ADDRESS_RESERVED,
				"network address");
		checker.assertError(base("10.0.0.5:9005", "[[10.0.0.255]]:9005"), RaftIssueCodes.ADDRESS_RESERVED,
				"broadcast address");
		checker.assertNoIssue(base("10.0.0.5:9005", "10.0.0.254:9005"), RaftIssueCodes.ADDRESS_RESERVED);
	}

	@Test
	void subnetWrittenWithHostBits() {
		Issue issue = checker.assertWarning(base("subnet 10.0.0.0/24", "subnet [[10.0.0.7/24]]"),
				RaftIssueCodes.SUBNET_HOST_BITS, "10.0.0.0/24");
		assertArrayEquals(new String[] { "10.0.0.0/24" }, issue.getData());
		checker.assertNoIssue(BASE, RaftIssueCodes.SUBNET_HOST_BITS);
	}

	@Test
	void macAddresses() {
		String macs = base("10.0.0.1:9001", "10.0.0.1:9001 mac 02:00:00:00:00:01");
		checker.assertError(edit(macs, "10.0.0.2:9002", "10.0.0.2:9002 mac [[02:00:00:00:00:01]]"),
				RaftIssueCodes.DUPLICATE_MAC, "MAC of node n1");
		checker.assertError(base("10.0.0.1:9001", "10.0.0.1:9001 mac [[01:00:5e:00:00:01]]"),
				RaftIssueCodes.MULTICAST_MAC, "multicast");
		checker.assertClean(edit(macs, "10.0.0.2:9002", "10.0.0.2:9002 mac 02:00:00:00:00:02"));
	}
}
