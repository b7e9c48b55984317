package org.raftforge.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.raftforge.lsp.TestModels.BASE;
import static org.raftforge.lsp.TestModels.MODELS;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.xtext.ide.editor.syntaxcoloring.ISemanticHighlightingCalculator;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.junit.jupiter.api.Test;

/** Every token gets the colour of its role in the grammar, as "text=style" pairs per line. */
class HighlightingTest {

	private static List<String> styledTokensOfLine(String text, String line) {
		XtextResource resource = TestModels.parse(text);
		int start = text.indexOf(line);
		int end = start + line.length();
		List<String> styled = new ArrayList<>();
		MODELS.injector().getInstance(ISemanticHighlightingCalculator.class).provideHighlightingFor(resource,
				(offset, length, ids) -> {
					if (offset >= start && offset + length <= end) {
						styled.add(text.substring(offset, offset + length) + "=" + String.join(",", ids));
					}
				}, CancelIndicator.NullImpl);
		return styled;
	}

	@Test
	void aNodeDeclaration() {
		assertEquals(List.of("node=keyword", "n1=variable", "10=number", "0=number", "0=number", "1=number",
				".=number", ".=number", ".=number", "9001=number", "mac=keyword", "02=number", ":=number", "00=number",
				":=number", "00=number", ":=number", "00=number", ":=number", "00=number", ":=number", "01=number")
				.stream().sorted().toList(),
				styledTokensOfLine(BASE, "node n1 10.0.0.1:9001 mac 02:00:00:00:00:01").stream().sorted().toList());
	}

	@Test
	void aVariantWithItsReferences() {
		assertEquals(List.of("default=keyword", "variant=keyword", "semihosting_udp=variable", "storage=keyword",
				"disk=type", "transport=keyword", "ethernet=type", "target=keyword", "board=type"),
				styledTokensOfLine(BASE, "default variant semihosting_udp { storage disk transport ethernet target board }"));
	}

	@Test
	void valuesWithUnitsChoicesStringsAndComments() {
		assertEquals(List.of("heartbeat=keyword", "100=number", "ms=number"), styledTokensOfLine(BASE, "heartbeat 100ms"));
		assertEquals(List.of("pre-vote=keyword", "on=enumMember"), styledTokensOfLine(BASE, "pre-vote on"));
		assertEquals(List.of("machine=keyword", "\"mps2-an386\"=string"), styledTokensOfLine(BASE, "machine \"mps2-an386\""));
		assertEquals(List.of("// the first node\n=comment"), styledTokensOfLine(BASE, "// the first node\n"));
		assertEquals(List.of("storage=keyword", "memory=keyword", "volatile=variable"),
				styledTokensOfLine(BASE, "storage memory volatile"));
	}
}
