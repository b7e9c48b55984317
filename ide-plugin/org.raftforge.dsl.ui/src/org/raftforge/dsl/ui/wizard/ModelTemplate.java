package org.raftforge.dsl.ui.wizard;

/**
 * The models the new-model wizard starts from. Both are complete and valid: generate and
 * launch work on them as they are.
 */
public enum ModelTemplate {

	NATIVE("Three native nodes: UDP on 127.0.0.1, files in data/ (runs anywhere)", """
			// Three nodes as processes on this machine, talking UDP on 127.0.0.1 and keeping
			// their Raft state in files under data/. Launch it with Run As > RaftForge Cluster.
			cluster %s {
			  raft {
			    election-timeout 150ms .. 300ms
			    heartbeat 50ms
			    pre-vote on
			    check-quorum on
			    lease 120ms
			    snapshot-threshold 128 entries
			    max-log-entries 256
			    max-entry-size 128 B
			    log-level essential
			  }
			  memory {
			    budget 1 MiB
			    stack 64 KiB
			  }

			  transport udp loopback {
			    subnet 127.0.0.0/8
			    receive-buffer 4 KiB
			    queue-depth 16
			  }
			  storage file disk { directory "data" }
			  target native host

			  node n1 127.0.0.1:9001
			  node n2 127.0.0.1:9002
			  node n3 127.0.0.1:9003

			  default variant local { storage disk transport loopback target host }

			  workload {
			    put "key1" "value1"
			    get "key1" expect "value1"
			  }
			}
			"""),

	QEMU("Five Cortex-M4 nodes on QEMU mps2-an386: semihosting files, UDP over Ethernet (the seed)", """
			// Five Cortex-M4 nodes, one QEMU mps2-an386 each, on a virtual Ethernet segment,
			// keeping their Raft state in host files through semihosting.
			cluster %s {
			  raft {
			    election-timeout 300ms .. 600ms
			    heartbeat 100ms
			    pre-vote on
			    check-quorum on
			    lease 250ms
			    snapshot-threshold 128 entries
			    max-log-entries 256
			    max-entry-size 128 B
			    log-level essential
			  }
			  memory {
			    budget 128 KiB
			    stack 16 KiB
			  }

			  transport udp ethernet {
			    subnet 10.0.0.0/24
			    receive-buffer 4 KiB
			    queue-depth 16
			  }
			  storage semihosting disk { directory "." }
			  target qemu board {
			    machine "mps2-an386"
			    cpu cortex-m4
			    flash 4 MiB
			    ram 4 MiB
			  }

			  node n1 10.0.0.1:9001 mac 02:00:00:00:00:01
			  node n2 10.0.0.2:9002 mac 02:00:00:00:00:02
			  node n3 10.0.0.3:9003 mac 02:00:00:00:00:03
			  node n4 10.0.0.4:9004 mac 02:00:00:00:00:04
			  node n5 10.0.0.5:9005 mac 02:00:00:00:00:05

			  default variant firmware { storage disk transport ethernet target board }

			  workload {
			    put "key1" "value1"
			    get "key1" expect "value1"
			  }
			}
			""");

	private final String description;
	private final String text;

	ModelTemplate(String description, String text) {
		this.description = description;
		this.text = text;
	}

	public String description() {
		return description;
	}

	/** The model for a cluster called {@code clusterName} (a valid name, see {@link #clusterName}). */
	public String text(String clusterName) {
		return text.formatted(clusterName);
	}

	/** A cluster name from a file name: letters, digits and _; starting with a letter. */
	public static String clusterName(String fileName) {
		String base = fileName.endsWith(".raft") ? fileName.substring(0, fileName.length() - ".raft".length())
				: fileName;
		StringBuilder name = new StringBuilder();
		for (char c : base.toCharArray()) {
			name.append(Character.isLetterOrDigit(c) && c < 128 ? c : '_');
		}
		if (name.length() == 0 || !Character.isLetter(name.charAt(0))) {
			name.insert(0, "cluster_");
		}
		return name.toString();
	}
}
