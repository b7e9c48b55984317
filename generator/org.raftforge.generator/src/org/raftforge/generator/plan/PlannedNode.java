package org.raftforge.generator.plan;

import java.util.List;

import org.raftforge.dsl.net.Ipv4Address;
import org.raftforge.dsl.net.MacAddress;

/**
 * One node of the plan's node table.
 *
 * @param id             the Raft id
 * @param name           the model's name
 * @param macroName      the upper-case C name used in macros (NODE_&lt;macroName&gt;_ID …)
 * @param learner        starts as a non-voting learner
 * @param address        the model's IPv4 address
 * @param port           the model's UDP port
 * @param mac            the model's MAC, or the generated one
 * @param macGenerated   true when the model gave no MAC
 * @param nativeAddress  where the node binds when run natively (loopback)
 * @param storageFiles   the node's files in the storage directory (none for memory storage)
 */
public record PlannedNode(int id, String name, String macroName, boolean learner, Ipv4Address address, int port,
		MacAddress mac, boolean macGenerated, Ipv4Address nativeAddress, List<String> storageFiles) {

	public String role() {
		return learner ? "learner" : "voter";
	}

	/** The MAC as six bytes. */
	public int[] macBytes() {
		String[] parts = mac.text().split(":");
		int[] bytes = new int[parts.length];
		for (int i = 0; i < parts.length; i++) {
			bytes[i] = Integer.parseInt(parts[i], 16);
		}
		return bytes;
	}
}
