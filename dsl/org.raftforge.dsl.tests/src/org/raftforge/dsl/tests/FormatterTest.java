package org.raftforge.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.raftforge.dsl.formatting2.ModelFormatter;

import com.google.inject.Inject;

@ExtendWith(InjectionExtension.class)
@InjectWith(RaftInjectorProvider.class)
class FormatterTest {

	private static final String MESSY = """
			cluster   tiny {raft { election-timeout 300ms..600ms heartbeat 100ms
			snapshot-threshold 8 entries max-log-entries 16 max-entry-size 64 B }
			    memory{budget 64 KiB stack 8 KiB}
			transport channel bus {capacity 8}


			      // storage for the state


			storage memory scratch   target native host
			node a 127.0.0.1 : 7001 id 1
			node b 127.0.0.1:7002    learner
			node c 127.0.0.1:7003
			default variant v {storage scratch transport bus target host}
			workload { put "k" "v" get "k"   expect "v" }}
			""";

	private static final String FORMATTED = """
			cluster tiny {
			  raft {
			    election-timeout 300ms .. 600ms
			    heartbeat 100ms
			    snapshot-threshold 8 entries
			    max-log-entries 16
			    max-entry-size 64 B
			  }
			  memory {
			    budget 64 KiB
			    stack 8 KiB
			  }
			  transport channel bus { capacity 8 }

			  // storage for the state
			  storage memory scratch
			  target native host
			  node a 127.0.0.1:7001 id 1
			  node b 127.0.0.1:7002 learner
			  node c 127.0.0.1:7003
			  default variant v { storage scratch transport bus target host }
			  workload {
			    put "k" "v"
			    get "k" expect "v"
			  }
			}
			""";

	@Inject
	private ModelChecker checker;
	@Inject
	private ModelFormatter formatter;

	private String format(String text) {
		XtextResource resource = (XtextResource) checker.parse(text).eResource();
		assertEquals(List.of(), resource.getErrors(), "the text must parse");
		return formatter.format(resource);
	}

	@Test
	void laysOutAMessyModel() {
		assertEquals(FORMATTED, format(MESSY));
	}

	@Test
	void commentsAtTheStartOfALineStayThere() {
		// Xtext treats them as commented-out code; indented comments follow the indentation
		String text = FORMATTED.replace("  // storage for the state", "// storage for the state");
		assertEquals(text, format(text));
	}

	@Test
	void isIdempotent() {
		String once = format(MESSY);
		assertEquals(once, format(once));
	}
}
