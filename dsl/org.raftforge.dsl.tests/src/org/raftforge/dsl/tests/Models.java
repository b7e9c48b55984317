package org.raftforge.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;

/**
 * Model texts for the tests: a small valid baseline to edit, and the example files.
 */
public final class Models {

	private Models() {
	}

	/** A valid 5-node cluster exercising every building block; each test edits one thing. */
	public static final String BASE = """
			cluster base {
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
			    budget 160 KiB
			    stack 16 KiB
			  }
			  transport udp ethernet {
			    subnet 10.0.0.0/24
			    receive-buffer 4 KiB
			    queue-depth 16
			  }
			  transport channel mailbox { capacity 32 }
			  storage memory volatile
			  storage semihosting disk { directory "." }
			  storage file hostdisk { directory "data" }
			  target qemu board {
			    machine "mps2-an386"
			    cpu cortex-m4
			    flash 4 MiB
			    ram 4 MiB
			  }
			  target native host
			  node n1 10.0.0.1:9001
			  node n2 10.0.0.2:9002
			  node n3 10.0.0.3:9003
			  node n4 10.0.0.4:9004
			  node n5 10.0.0.5:9005
			  variant memory_channel { storage volatile transport mailbox target board }
			  default variant semihosting_udp { storage disk transport ethernet target board }
			  variant native_udp { storage hostdisk transport ethernet target host }
			  workload {
			    put "key1" "value1"
			    get "key1" expect "value1"
			  }
			}
			""";

	/** {@link #BASE} with exactly one occurrence of {@code from} replaced by {@code to}. */
	public static String base(String from, String to) {
		return edit(BASE, from, to);
	}

	/** {@code text} with exactly one occurrence of {@code from} replaced by {@code to}. */
	public static String edit(String text, String from, String to) {
		int at = text.indexOf(from);
		assertTrue(at >= 0, "the model has no '" + from + "' to replace");
		assertEquals(-1, text.indexOf(from, at + 1), "'" + from + "' occurs more than once in the model");
		return text.substring(0, at) + to + text.substring(at + from.length());
	}

	/** The folder of example models (set by the build; see the pom). */
	public static Path examplesFolder() {
		String configured = System.getProperty("raftforge.examples");
		return Paths.get(configured != null ? configured : "../../examples").toAbsolutePath().normalize();
	}

	/** Every examples/NAME/NAME.raft. */
	public static List<Path> examples() throws IOException {
		try (Stream<Path> files = Files.walk(examplesFolder(), 2)) {
			return files.filter(file -> file.toString().endsWith(".raft")).sorted().toList();
		}
	}
}
