package org.raftforge.cli.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The pre-flight check of the UDP ports the nodes will bind. */
class PortCheckTest {

	@Test
	void aPortInUseIsReportedAndAFreeOneIsNot() throws Exception {
		try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
			int used = taken.getLocalPort();
			int free;
			try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
				free = probe.getLocalPort();
			}
			LaunchDescription.Endpoint busy = new LaunchDescription.Endpoint(1, "127.0.0.1", used);
			LaunchDescription.Endpoint open = new LaunchDescription.Endpoint(2, "127.0.0.1", free);
			List<PortCheck.Taken> result = PortCheck.takenPorts(List.of(busy, open));
			assertEquals(1, result.size());
			assertEquals(busy, result.get(0).endpoint());
		}
	}
}
