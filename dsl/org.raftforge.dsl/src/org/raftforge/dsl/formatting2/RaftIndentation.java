package org.raftforge.dsl.formatting2;

import org.eclipse.xtext.formatting.IIndentationInformation;

/** .raft files indent by two spaces (what the formatter writes unless a client asks otherwise). */
public class RaftIndentation implements IIndentationInformation {

	@Override
	public String getIndentString() {
		return "  ";
	}
}
