package org.raftforge.lsp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.raftforge.lsp.TestModels.MODELS;
import static org.raftforge.lsp.TestModels.base;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.ide.server.contentassist.ContentAssistService;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.junit.jupiter.api.Test;
import org.raftforge.lsp.TestModels.Caret;

/** Content assist through the ide services: keywords, references, free name/address/port. */
class ContentAssistTest {

	private static List<String> proposals(String marked) {
		Caret caret = Caret.in(marked);
		XtextResource resource = TestModels.parse(caret.text());
		Document document = new Document(1, caret.text());
		CompletionParams params = new CompletionParams(new TextDocumentIdentifier("memory:/test.raft"),
				document.getPosition(caret.offset()));
		ContentAssistService service = MODELS.injector().getInstance(ContentAssistService.class);
		return service.createCompletionList(document, resource, params, CancelIndicator.NullImpl).getItems().stream()
				.map(CompletionItem::getLabel).toList();
	}

	@Test
	void nextFreePortAfterTheAddress() {
		List<String> labels = proposals(base("  node n5 10.0.0.5:9005\n", "  node n5 10.0.0.5:9005\n  node n6 10.0.0.6:|\n"));
		assertTrue(labels.contains("9006"), "next free port offered: " + labels);
	}

	@Test
	void firstFreeAddressAfterTheName() {
		List<String> labels = proposals(base("  node n5 10.0.0.5:9005\n", "  node n5 10.0.0.5:9005\n  node n6 |\n"));
		assertTrue(labels.contains("10.0.0.6"), "first free address of the subnet offered: " + labels);
	}

	@Test
	void freeNameAfterTheNodeKeyword() {
		List<String> labels = proposals(base("  node n5 10.0.0.5:9005\n", "  node n5 10.0.0.5:9005\n  node |\n"));
		assertTrue(labels.contains("n6"), "free node name offered: " + labels);
	}

	@Test
	void aWholeNodeWhereANodeCanStart() {
		List<String> labels = proposals(base("  node n5 10.0.0.5:9005\n", "  node n5 10.0.0.5:9005\n  |\n"));
		assertTrue(labels.contains("node n6 10.0.0.6:9006"), "a complete node declaration offered: " + labels);
		assertTrue(labels.contains("variant"), "keywords of what may come next: " + labels);
	}

	@Test
	void nodesSharingOneAddressKeepSharingIt() throws Exception {
		String trio = Files.readString(Path.of(System.getProperty("raftforge.examples", "../../examples"), "trio",
				"trio.raft"));
		String marked = TestModels.edit(trio, "  node delta 127.0.0.1:7104 id 4 learner\n",
				"  node delta 127.0.0.1:7104 id 4 learner\n  |\n");
		List<String> labels = proposals(marked);
		assertTrue(labels.contains("node n5 127.0.0.1:7105"), "native nodes share 127.0.0.1: " + labels);
	}

	@Test
	void variantReferencesOfferOnlyTheRightKindOfBlock() {
		String storage = base("variant memory_channel { storage volatile", "variant memory_channel { storage |");
		List<String> storages = proposals(storage);
		assertTrue(storages.containsAll(List.of("volatile", "disk", "hostdisk")), "storages: " + storages);
		assertFalse(storages.contains("ethernet") || storages.contains("board"), "only storages: " + storages);

		List<String> transports = proposals(base("transport mailbox target board }\n  default",
				"transport | target board }\n  default"));
		assertTrue(transports.containsAll(List.of("mailbox", "ethernet")), "transports: " + transports);
		assertFalse(transports.contains("volatile"), "only transports: " + transports);

		List<String> targets = proposals(base("transport mailbox target board }\n  default",
				"transport mailbox target | }\n  default"));
		assertTrue(targets.containsAll(List.of("board", "host")), "targets: " + targets);
	}

	@Test
	void settingKeywordsInsideTheRaftBlock() {
		List<String> labels = proposals(base("    log-level essential\n", "    |\n"));
		assertTrue(labels.contains("log-level"), "the missing optional setting: " + labels);
	}
}
