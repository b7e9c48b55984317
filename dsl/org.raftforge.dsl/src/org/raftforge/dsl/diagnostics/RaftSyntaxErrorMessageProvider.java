package org.raftforge.dsl.diagnostics;

import org.eclipse.xtext.nodemodel.SyntaxErrorMessage;
import org.eclipse.xtext.parser.antlr.SyntaxErrorMessageProvider;
import org.raftforge.dsl.values.RaftValueException;

/**
 * Values that cannot be read keep the issue code their converter chose (invalid-size,
 * invalid-address ...) instead of the generic syntax code.
 */
public class RaftSyntaxErrorMessageProvider extends SyntaxErrorMessageProvider {

	@Override
	public SyntaxErrorMessage getSyntaxErrorMessage(IValueConverterErrorContext context) {
		if (context.getValueConverterException() instanceof RaftValueException valueError) {
			return new SyntaxErrorMessage(context.getDefaultMessage(), valueError.getIssueCode());
		}
		return super.getSyntaxErrorMessage(context);
	}
}
