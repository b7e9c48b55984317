package org.raftforge.dsl.ide.formatting;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.lsp4j.DocumentFormattingParams;
import org.eclipse.lsp4j.DocumentRangeFormattingParams;
import org.eclipse.lsp4j.FormattingOptions;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.xtext.TerminalRule;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.ide.server.formatting.FormattingService;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.parser.IParseResult;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;

import com.google.inject.Singleton;

/**
 * The language's formatter, guarded so that formatting can only ever change layout: a
 * model with syntax errors is not formatted (the parser skipped text, the formatter would
 * misplace it), and a result whose tokens and comments differ from the original is
 * refused. Refusals are empty edit lists for the language server and a reason for the
 * Eclipse editor.
 */
@Singleton
public class SafeFormattingService extends FormattingService {

	/** Indentation of the language (RaftIndentation): two spaces. */
	private static final int INDENT = 2;

	/** The formatted text, or why the text was left as it is. */
	public record Outcome(String formatted, String refusal) {

		public boolean isFormatted() {
			return refusal == null;
		}
	}

	public Outcome formatWhole(XtextResource resource, String text) {
		IParseResult parsed = resource.getParseResult();
		if (parsed == null) {
			return new Outcome(null, "not a model");
		}
		if (parsed.hasSyntaxErrors()) {
			INode first = parsed.getSyntaxErrors().iterator().next();
			return new Outcome(null, "not formatted: fix the syntax error on line " + first.getStartLine() + " first ("
					+ first.getSyntaxErrorMessage().getMessage() + ")");
		}
		Document document = new Document(1, text);
		List<TextEdit> edits = super.format(resource, document, 0, text.length(), options());
		String formatted = apply(document, edits);
		IParseResult reparsed = resource.getParser().parse(new StringReader(formatted));
		String change = reparsed.hasSyntaxErrors() ? "the result does not parse"
				: firstDifference(tokens(parsed.getRootNode()), tokens(reparsed.getRootNode()));
		if (change != null) {
			return new Outcome(null, "not formatted: the formatter would have changed more than the layout ("
					+ change + "; please report this model); the text is unchanged");
		}
		return new Outcome(formatted, null);
	}

	@Override
	public List<? extends TextEdit> format(Document document, XtextResource resource,
			DocumentFormattingParams params, CancelIndicator cancel) {
		return isSafe(resource, document) ? super.format(document, resource, params, cancel) : List.of();
	}

	@Override
	public List<? extends TextEdit> format(Document document, XtextResource resource,
			DocumentRangeFormattingParams params, CancelIndicator cancel) {
		return isSafe(resource, document) ? super.format(document, resource, params, cancel) : List.of();
	}

	private boolean isSafe(XtextResource resource, Document document) {
		return formatWhole(resource, document.getContents()).isFormatted();
	}

	private static FormattingOptions options() {
		return new FormattingOptions(INDENT, true);
	}

	/** LSP edits all refer to the original text: apply them from the last to the first. */
	private static String apply(Document document, List<TextEdit> edits) {
		StringBuilder text = new StringBuilder(document.getContents());
		edits.stream().sorted(java.util.Comparator
				.comparingInt((TextEdit edit) -> document.getOffSet(edit.getRange().getStart())).reversed())
				.forEach(edit -> text.replace(document.getOffSet(edit.getRange().getStart()),
						document.getOffSet(edit.getRange().getEnd()), edit.getNewText()));
		return text.toString();
	}

	private static String firstDifference(List<String> before, List<String> after) {
		for (int i = 0; i < Math.min(before.size(), after.size()); i++) {
			if (!before.get(i).equals(after.get(i))) {
				return "token " + (i + 1) + " '" + before.get(i) + "' became '" + after.get(i) + "'";
			}
		}
		return before.size() == after.size() ? null
				: "the text had " + before.size() + " tokens and comments, the result " + after.size();
	}

	/** Every token and comment of the text, without the whitespace between them. */
	private static List<String> tokens(ICompositeNode root) {
		List<String> tokens = new ArrayList<>();
		for (ILeafNode leaf : root.getLeafNodes()) {
			boolean comment = leaf.getGrammarElement() instanceof TerminalRule rule
					&& rule.getName().endsWith("_COMMENT");
			if (!leaf.isHidden() || comment) {
				tokens.add(comment ? leaf.getText().strip() : leaf.getText());
			}
		}
		return tokens;
	}
}
