package org.raftforge.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.raftforge.lsp.TestModels.BASE;
import static org.raftforge.lsp.TestModels.MODELS;

import java.util.List;

import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.SymbolKind;
import org.eclipse.xtext.ide.server.symbol.HierarchicalDocumentSymbolService;
import org.eclipse.xtext.util.CancelIndicator;
import org.junit.jupiter.api.Test;
import org.raftforge.dsl.ide.formatting.SafeFormattingService;
import org.raftforge.dsl.ide.formatting.SafeFormattingService.Outcome;

/** The outline's symbols and the guarded formatter. */
class OutlineAndFormattingTest {

	@Test
	void outlineListsTheBlocksAndDeclarationsUnderTheCluster() {
		List<DocumentSymbol> symbols = MODELS.injector().getInstance(HierarchicalDocumentSymbolService.class)
				.getSymbols(TestModels.parse(BASE), CancelIndicator.NullImpl);
		assertEquals(1, symbols.size());
		DocumentSymbol cluster = symbols.get(0);
		assertEquals("base", cluster.getName());
		assertEquals(SymbolKind.Module, cluster.getKind());
		assertEquals(List.of("raft", "memory", "ethernet", "mailbox", "volatile", "disk", "hostdisk", "board", "host",
				"n1", "n2", "n3", "n4", "n5", "memory_channel", "semihosting_udp", "workload"),
				cluster.getChildren().stream().map(DocumentSymbol::getName).toList());
		DocumentSymbol n1 = cluster.getChildren().get(9);
		assertEquals("10.0.0.1:9001", n1.getDetail());
		assertEquals(SymbolKind.Object, n1.getKind());
		DocumentSymbol variant = cluster.getChildren().get(15);
		assertEquals("default: disk / ethernet / board", variant.getDetail());
	}

	private static final String MESSY = """
			cluster   tiny {   raft { election-timeout 300ms..600ms
			heartbeat 100ms snapshot-threshold 10 entries max-log-entries 64 max-entry-size 64 B }
			memory { budget 64 KiB stack 8 KiB }
			    // one node is enough here
			storage memory scratch target native host transport channel c { capacity 8 }
			node n1 127.0.0.1:9001
			variant v { storage scratch transport c target host } }
			""";

	private static final String TIDY = """
			cluster tiny {
			  raft {
			    election-timeout 300ms .. 600ms
			    heartbeat 100ms
			    snapshot-threshold 10 entries
			    max-log-entries 64
			    max-entry-size 64 B
			  }
			  memory {
			    budget 64 KiB
			    stack 8 KiB
			  }
			  // one node is enough here
			  storage memory scratch
			  target native host
			  transport channel c { capacity 8 }
			  node n1 127.0.0.1:9001
			  variant v { storage scratch transport c target host }
			}
			""";

	private static Outcome format(String text) {
		return MODELS.injector().getInstance(SafeFormattingService.class).formatWhole(TestModels.parse(text), text);
	}

	@Test
	void formatsToTheLanguagesLayout() {
		Outcome outcome = format(MESSY);
		assertTrue(outcome.isFormatted(), String.valueOf(outcome.refusal()));
		assertEquals(TIDY, outcome.formatted());
		assertEquals(TIDY, format(TIDY).formatted(), "formatting is stable");
	}

	@Test
	void refusesAModelWithSyntaxErrorsAndSaysWhere() {
		Outcome outcome = format(TIDY.replace("    heartbeat 100ms\n", "    heartbeat 100 parsecs\n"));
		assertFalse(outcome.isFormatted());
		assertNull(outcome.formatted());
		assertTrue(outcome.refusal().contains("syntax error on line 4"), outcome.refusal());
	}
}
