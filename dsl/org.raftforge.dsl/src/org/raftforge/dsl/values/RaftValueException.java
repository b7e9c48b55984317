package org.raftforge.dsl.values;

import org.eclipse.xtext.conversion.ValueConverterException;
import org.eclipse.xtext.nodemodel.INode;

/**
 * A value that cannot be read (a malformed address, a size out of range ...), carrying
 * the issue code the diagnostic gets (see {@link org.raftforge.dsl.validation.RaftIssueCodes}).
 */
public class RaftValueException extends ValueConverterException {

	private static final long serialVersionUID = 1L;

	private final String issueCode;

	public RaftValueException(String issueCode, String message, INode node) {
		super(message, node, null);
		this.issueCode = issueCode;
	}

	public String getIssueCode() {
		return issueCode;
	}
}
