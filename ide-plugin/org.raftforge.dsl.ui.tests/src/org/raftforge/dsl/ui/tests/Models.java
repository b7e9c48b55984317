package org.raftforge.dsl.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Models for the plugin tests: a small valid native cluster, edited one thing at a time. */
final class Models {

	static final String TRIO = """
			// three native nodes
			cluster trio {
			  raft {
			    election-timeout 300ms .. 600ms
			    heartbeat 100ms
			    lease 250ms
			    snapshot-threshold 128 entries
			    max-log-entries 256
			    max-entry-size 128 B
			  }
			  memory {
			    budget 1 MiB
			    stack 64 KiB
			  }
			  transport udp lan {
			    subnet 10.0.0.0/24
			    receive-buffer 4 KiB
			    queue-depth 16
			  }
			  storage file disk { directory "data" }
			  target native host
			  node n1 10.0.0.1:9001
			  node n2 10.0.0.2:9002
			  node n3 10.0.0.3:9003
			  default variant local { storage disk transport lan target host }
			}
			""";

	private Models() {
	}

	/** {@link #TRIO} with its only {@code from} replaced by {@code to}. */
	static String trio(String from, String to) {
		int at = TRIO.indexOf(from);
		assertTrue(at >= 0, "no '" + from + "' in the model");
		assertEquals(-1, TRIO.indexOf(from, at + 1), "'" + from + "' occurs more than once");
		return TRIO.substring(0, at) + to + TRIO.substring(at + from.length());
	}
}
