package org.raftforge.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.raftforge.lsp.TestModels.BASE;
import static org.raftforge.lsp.TestModels.MODELS;

import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.IGrammarAccess;
import org.eclipse.xtext.Keyword;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.resource.XtextResource;
import org.junit.jupiter.api.Test;
import org.raftforge.dsl.ide.hover.KeywordDocumentation;
import org.raftforge.dsl.ide.hover.RaftHoverService;
import org.raftforge.dsl.ide.hover.RaftHoverService.HoverText;

/** Hovers: every keyword documented, names and references summarised, values explained. */
class HoverTest {

	private final RaftHoverService hovers = MODELS.injector().getInstance(RaftHoverService.class);

	private Optional<HoverText> hoverAt(String text, String around, String word) {
		XtextResource resource = TestModels.parse(text);
		int at = text.indexOf(around);
		assertTrue(at >= 0, "no '" + around + "' in the model");
		return hovers.hoverAt(resource, at + around.indexOf(word) + 1);
	}

	@Test
	void everyKeywordOfTheGrammarIsDocumented() {
		KeywordDocumentation docs = new KeywordDocumentation();
		IGrammarAccess grammar = MODELS.injector().getInstance(IGrammarAccess.class);
		TreeSet<String> missing = new TreeSet<>();
		for (Keyword keyword : GrammarUtil.containedKeywords(grammar.getGrammar())) {
			boolean word = Character.isLetter(keyword.getValue().charAt(0)) || "..".equals(keyword.getValue());
			if (word && docs.of(keyword).isEmpty()) {
				missing.add(GrammarUtil.containingRule(keyword).getName() + "." + keyword.getValue());
			}
		}
		assertEquals(new TreeSet<>(), missing, "keywords without hover documentation (keywords.properties)");
	}

	@Test
	void everyKeywordInAModelHoversWithItsDocumentation() {
		XtextResource resource = TestModels.parse(BASE);
		int keywords = 0;
		for (ILeafNode leaf : resource.getParseResult().getRootNode().getLeafNodes()) {
			if (leaf.getGrammarElement() instanceof Keyword keyword && Character.isLetter(keyword.getValue().charAt(0))) {
				HoverText hover = hovers.hoverAt(resource, leaf.getOffset()).orElseThrow(
						() -> new AssertionError("no hover for '" + keyword.getValue() + "' on line " + leaf.getStartLine()));
				assertEquals(leaf.getOffset(), hover.offset());
				assertEquals(leaf.getLength(), hover.length());
				String[] parts = hover.plainText().split("\n\n", 2);
				assertTrue(parts[0].contains(keyword.getValue()), "the syntax line shows the keyword: " + parts[0]);
				assertTrue(parts.length == 2 && !parts[1].isBlank(), "an explanation follows: " + hover.plainText());
				keywords++;
			}
		}
		assertTrue(keywords > 60, "the model has many keywords: " + keywords);
	}

	@Test
	void wordsThatMeanDifferentThingsInDifferentPlaces() {
		String block = hoverAt(BASE, "  memory {", "memory").orElseThrow().plainText();
		String storage = hoverAt(BASE, "storage memory volatile", "memory").orElseThrow().plainText();
		assertTrue(block.contains("budget"), block);
		assertTrue(storage.contains("RAM only"), storage);
		String variantStorage = hoverAt(BASE, "{ storage volatile", "storage").orElseThrow().plainText();
		assertTrue(variantStorage.contains("this variant uses"), variantStorage);
	}

	@Test
	void aReferenceShowsWhatItRefersTo() {
		HoverText hover = hoverAt(BASE, "storage disk transport ethernet", "disk").orElseThrow();
		assertEquals("storage disk (semihosting files in \".\")", hover.plainText());
		HoverText transport = hoverAt(BASE, "storage disk transport ethernet", "ethernet").orElseThrow();
		assertTrue(transport.plainText().startsWith("transport ethernet (udp on 10.0.0.0/24"), transport.plainText());
		assertTrue(transport.plainText().endsWith("the virtual Ethernet segment"), "with the comment above it");
	}

	@Test
	void aNodeNameShowsItsIdRoleAndEndpointWithTheCommentAboveIt() {
		HoverText hover = hoverAt(BASE, "node n1 ", "n1").orElseThrow();
		assertEquals("node n1: id 1 (its position), voter, 10.0.0.1:9001, MAC 02:00:00:00:00:01\n\nthe first node",
				hover.plainText());
		assertEquals("**node n1: id 1 (its position), voter, 10.0.0.1:9001, MAC 02:00:00:00:00:01**\n\nthe first node",
				hover.markdown());
		HoverText four = hoverAt(BASE, "node n4 ", "n4").orElseThrow();
		assertTrue(four.plainText().startsWith("node n4: id 4, voter"), four.plainText());
	}

	@Test
	void aValueShowsTheDocumentationOfItsSetting() {
		HoverText hover = hoverAt(BASE, "heartbeat 100ms", "100").orElseThrow();
		assertTrue(hover.plainText().startsWith("heartbeat DURATION"), hover.plainText());
		assertEquals(BASE.indexOf("100ms"), hover.offset());
		assertEquals("100ms".length(), hover.length(), "the whole value, unit included");
		HoverText max = hoverAt(BASE, ".. 600ms", "600").orElseThrow();
		assertTrue(max.plainText().startsWith("election-timeout"), "not the unit of the value before: " + max);
	}

	@Test
	void nothingOnPunctuationOrComments() {
		assertTrue(hoverAt(BASE, "// the first node", "first").isEmpty());
		List.of("{").forEach(brace -> assertTrue(hoverAt(BASE, "cluster base {", brace).isEmpty()));
	}
}
