package org.raftforge.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.Issue;
import org.raftforge.dsl.ide.RaftIdeSetup;
import org.raftforge.dsl.ide.RaftModels;

/**
 * Models for the tests and the language with its ide services, as the Eclipse plugin and
 * the language server get it.
 */
final class TestModels {

	/** The injector of RaftIdeSetup: runtime and ide bindings, as in both editors. */
	static final RaftModels MODELS = new RaftModels(new RaftIdeSetup().createInjectorAndDoEMFRegistration());

	/** A valid cluster with every kind of building block; each test edits one thing. */
	static final String BASE = """
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
			    budget 128 KiB
			    stack 16 KiB
			  }
			  // the virtual Ethernet segment
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
			  // the first node
			  node n1 10.0.0.1:9001 mac 02:00:00:00:00:01
			  node n2 10.0.0.2:9002
			  node n3 10.0.0.3:9003
			  node n4 10.0.0.4:9004 id 4
			  node n5 10.0.0.5:9005
			  variant memory_channel { storage volatile transport mailbox target board }
			  default variant semihosting_udp { storage disk transport ethernet target board }
			  workload {
			    put "key1" "value1"
			    get "key1" expect "value1"
			    delete "key1"
			    get "key1" expect absent
			  }
			}
			""";

	private TestModels() {
	}

	/** {@link #BASE} with its only occurrence of {@code from} replaced by {@code to}. */
	static String base(String from, String to) {
		return edit(BASE, from, to);
	}

	static String edit(String text, String from, String to) {
		int at = text.indexOf(from);
		assertTrue(at >= 0, "the model has no '" + from + "'");
		assertEquals(-1, text.indexOf(from, at + 1), "'" + from + "' occurs more than once");
		return text.substring(0, at) + to + text.substring(at + from.length());
	}

	static XtextResource parse(String text) {
		return MODELS.parse(URI.createURI("memory:/test.raft"), text);
	}

	static List<Issue> issues(XtextResource resource) {
		return MODELS.validate(resource, CancelIndicator.NullImpl);
	}

	/** The offset of the only "|" in {@code marked} (the caret), and the text without it. */
	record Caret(String text, int offset) {
		static Caret in(String marked) {
			int at = marked.indexOf('|');
			assertTrue(at >= 0 && marked.indexOf('|', at + 1) < 0, "mark exactly one caret with |");
			return new Caret(marked.substring(0, at) + marked.substring(at + 1), at);
		}
	}
}
