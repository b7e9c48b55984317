package org.raftforge.cli.launch;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** Before anything starts: every UDP endpoint a node will bind must be free, else one clear line per taken port. */
public final class PortCheck {

	private PortCheck() {
	}

	/** A port that cannot be bound, and why. */
	public record Taken(LaunchDescription.Endpoint endpoint, String why) {
	}

	public static List<Taken> takenPorts(List<LaunchDescription.Endpoint> endpoints) {
		List<Taken> taken = new ArrayList<>();
		for (LaunchDescription.Endpoint endpoint : endpoints) {
			try (DatagramSocket socket = new DatagramSocket(null)) {
				socket.setReuseAddress(false);
				socket.bind(new InetSocketAddress(InetAddress.getByName(endpoint.address()), endpoint.port()));
			} catch (IOException e) {
				taken.add(new Taken(endpoint, e.getMessage()));
			}
		}
		return taken;
	}
}
