package org.raftforge.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.raftforge.dsl.tests.Models.base;

import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.raftforge.dsl.net.Ipv4Address;
import org.raftforge.dsl.net.Ipv4Subnet;
import org.raftforge.dsl.raft.Cluster;
import org.raftforge.dsl.raft.QemuTarget;
import org.raftforge.dsl.raft.UdpTransport;
import org.raftforge.dsl.validation.RaftIssueCodes;
import org.raftforge.dsl.values.Units;

import com.google.inject.Inject;

/** Value converters (units, addresses, ports, MACs) and the address arithmetic behind them. */
@ExtendWith(InjectionExtension.class)
@InjectWith(RaftInjectorProvider.class)
class ValuesTest {

	@Inject
	private ModelChecker checker;

	@Test
	void sizesAndDurationsBecomeBytesAndMilliseconds() {
		Cluster cluster = checker.parse(Models.BASE);
		assertEquals(300, cluster.getRaft().getElectionTimeoutMin());
		assertEquals(128, cluster.getRaft().getMaxEntrySize());
		assertEquals(160 * 1024, cluster.getMemory().getBudget());
		assertEquals(4096, ((UdpTransport) cluster.getTransports().get(0)).getReceiveBuffer());
		assertEquals(4 * 1024 * 1024, ((QemuTarget) cluster.getTargets().get(0)).getRam());
		Cluster seconds = checker.parse(base("300ms .. 600ms", "2s .. 4s"));
		assertEquals(2000, seconds.getRaft().getElectionTimeoutMin());
		// unit written without a space
		assertEquals(4096, ((UdpTransport) checker.parse(base("4 KiB", "4KiB")).getTransports().get(0))
				.getReceiveBuffer());
	}

	@Test
	void valuesPrintInTheirLargestExactUnit() {
		assertEquals("4 KiB", Units.size(4096));
		assertEquals("4 MiB", Units.size(4 * 1024 * 1024));
		assertEquals("1500 B", Units.size(1500));
		assertEquals("0 B", Units.size(0));
		assertEquals("1s", Units.duration(1000));
		assertEquals("1500ms", Units.duration(1500));
		assertEquals("77280 B (75.5 KiB)", Units.bytesForHumans(77280));
	}

	@Test
	void malformedValuesAreLocatedErrorsWithTheirOwnCodes() {
		checker.assertError(base("10.0.0.5:9005", "[[10.0.0.256]]:9005"), RaftIssueCodes.INVALID_ADDRESS,
				"octet 256 is larger than 255");
		checker.assertError(base("10.0.0.5:9005", "[[10.0.0.05]]:9005"), RaftIssueCodes.INVALID_ADDRESS,
				"leading zero", "write 5");
		checker.assertError(base("10.0.0.0/24", "[[10.0.0.0/33]]"), RaftIssueCodes.INVALID_SUBNET, "0..32");
		checker.assertError(base("10.0.0.5:9005", "10.0.0.5:[[99999999999]]"), RaftIssueCodes.INVALID_PORT,
				"1..65535");
		checker.assertError(base("budget 160 KiB", "budget [[4096 MiB]]"), RaftIssueCodes.INVALID_SIZE,
				"too large", "at most 2047 MiB");
		checker.assertError(base("heartbeat 100ms", "heartbeat [[3000000s]]"), RaftIssueCodes.INVALID_DURATION,
				"too large");
		checker.assertError(base("10.0.0.5:9005", "10.0.0.5:9005 mac [[02:00:00:00:00:1g]]"),
				RaftIssueCodes.INVALID_MAC, "six pairs of hex digits");
	}

	@Test
	void macOctetsThatTheLexerSplits() {
		// 0B lexes as a number and the unit keyword B, 0a as a number and a name, ab as a name
		Cluster cluster = checker.parse(base("10.0.0.5:9005", "10.0.0.5:9005 mac 02:0B:0a:ab:00:FF"));
		assertEquals("02:0b:0a:ab:00:ff", cluster.getNodes().get(4).getMac());
		checker.assertClean(base("10.0.0.5:9005", "10.0.0.5:9005 mac 02:0B:0a:ab:00:FF"));
		// a MAC that ends in digits, followed by more options and the next node
		Cluster digits = checker.parse(base("10.0.0.4:9004", "10.0.0.4:9004 mac 02:00:00:00:00:04 learner"));
		assertEquals("02:00:00:00:00:04", digits.getNodes().get(3).getMac());
		checker.assertError(base("10.0.0.5:9005", "10.0.0.5:9005 mac [[02:00:00:00:00:0 a]]"),
				RaftIssueCodes.INVALID_MAC, "without spaces");
	}

	@Test
	void subnetArithmetic() {
		Ipv4Subnet subnet = Ipv4Subnet.parse("10.0.0.0/24");
		assertEquals("10.0.0.1", subnet.firstHost().toString());
		assertEquals("10.0.0.254", subnet.lastHost().toString());
		assertEquals("10.0.0.255", subnet.broadcastAddress().toString());
		assertTrue(subnet.isUsableHost(Ipv4Address.parse("10.0.0.7")));
		assertFalse(subnet.isUsableHost(Ipv4Address.parse("10.0.0.0")));
		assertFalse(subnet.contains(Ipv4Address.parse("10.0.1.1")));
		// /31 point-to-point links use both addresses (RFC 3021)
		Ipv4Subnet pair = Ipv4Subnet.parse("10.0.0.0/31");
		assertTrue(pair.isUsableHost(Ipv4Address.parse("10.0.0.0")));
		assertTrue(pair.isUsableHost(Ipv4Address.parse("10.0.0.1")));
		Ipv4Subnet everything = Ipv4Subnet.parse("0.0.0.0/0");
		assertTrue(everything.contains(Ipv4Address.parse("255.255.255.255")));
		assertTrue(Ipv4Subnet.parse("10.0.0.5/24").hasHostBits());
		assertThrows(IllegalArgumentException.class, () -> Ipv4Address.parse("10.0.0"));
	}
}
