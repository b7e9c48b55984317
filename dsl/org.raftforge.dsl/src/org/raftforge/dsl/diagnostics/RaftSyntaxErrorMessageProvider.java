package org.raftforge.dsl.diagnostics;

import org.eclipse.xtext.nodemodel.SyntaxErrorMessage;
import org.eclipse.xtext.parser.antlr.SyntaxErrorMessageProvider;
import org.raftforge.dsl.values.RaftValueException;

/**
 * Syntax errors in the words of the language rather than the parser's: "expecting a
 * number" instead of "expecting RULE_INT". Values that cannot be read keep the issue code
 * their converter chose (invalid-size, invalid-address ...).
 */
public class RaftSyntaxErrorMessageProvider extends SyntaxErrorMessageProvider {

	@Override
	public SyntaxErrorMessage getSyntaxErrorMessage(IParserErrorContext context) {
		SyntaxErrorMessage message = super.getSyntaxErrorMessage(context);
		return new SyntaxErrorMessage(readable(message.getMessage()), message.getIssueCode(), message.getIssueData());
	}

	@Override
	public SyntaxErrorMessage getSyntaxErrorMessage(IValueConverterErrorContext context) {
		if (context.getValueConverterException() instanceof RaftValueException valueError) {
			return new SyntaxErrorMessage(context.getDefaultMessage(), valueError.getIssueCode());
		}
		return super.getSyntaxErrorMessage(context);
	}

	static String readable(String parserMessage) {
		if (parserMessage == null) {
			return null;
		}
		return parserMessage.replace("RULE_INT", "a number").replace("RULE_ID", "a name")
				.replace("RULE_STRING", "a quoted string").replace("missing EOF at", "unexpected text at the end:")
				.replace("<EOF>", "the end of the file").replace("EOF", "the end of the file");
	}
}
