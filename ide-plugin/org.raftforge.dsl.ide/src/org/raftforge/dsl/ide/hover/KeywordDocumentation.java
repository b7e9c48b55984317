package org.raftforge.dsl.ide.hover;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Properties;

import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.Keyword;
import org.eclipse.xtext.ParserRule;

/**
 * What every keyword of the language means, for hovers in any editor. The texts live in
 * keywords.properties next to this class; a word that means different things in
 * different rules (`memory`, `storage` ...) has an entry per rule.
 */
public final class KeywordDocumentation {

	/** The syntax line and the explanation of one keyword. */
	public record Entry(String syntax, String explanation) {

		public String asPlainText() {
			return syntax + "\n\n" + explanation;
		}

		public String asMarkdown() {
			return "`" + syntax + "`\n\n" + explanation;
		}
	}

	private static final String RESOURCE = "keywords.properties";
	private static final String SEPARATOR = "\n\n";

	private final Properties texts = new Properties();

	public KeywordDocumentation() {
		try (InputStream in = KeywordDocumentation.class.getResourceAsStream(RESOURCE)) {
			if (in == null) {
				throw new IllegalStateException(RESOURCE + " is missing next to " + KeywordDocumentation.class);
			}
			texts.load(new InputStreamReader(in, StandardCharsets.UTF_8));
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** The documentation of a keyword where the grammar uses it. */
	public Optional<Entry> of(Keyword keyword) {
		ParserRule rule = GrammarUtil.containingParserRule(keyword);
		String text = rule == null ? null : texts.getProperty(rule.getName() + "." + keyword.getValue());
		if (text == null) {
			text = texts.getProperty(keyword.getValue());
		}
		return Optional.ofNullable(text).map(KeywordDocumentation::entry);
	}

	/** The documentation of a keyword, whatever rule it is in. */
	public Optional<Entry> of(String keyword) {
		return Optional.ofNullable(texts.getProperty(keyword)).map(KeywordDocumentation::entry);
	}

	private static Entry entry(String text) {
		int split = text.indexOf(SEPARATOR);
		return split < 0 ? new Entry(text, "") : new Entry(text.substring(0, split), text.substring(split + 2));
	}
}
