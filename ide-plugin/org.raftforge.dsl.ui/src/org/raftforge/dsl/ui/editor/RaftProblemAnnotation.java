package org.raftforge.dsl.ui.editor;

import java.util.List;

import org.eclipse.jface.text.quickassist.IQuickFixableAnnotation;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.validation.Issue;
import org.raftforge.dsl.ide.quickfix.RaftQuickFixes;

/**
 * A problem found while typing, shown as the workbench's own error or warning annotation
 * (squiggle, ruler icon, overview mark). Carries the issue's code and data for quick fixes.
 */
public class RaftProblemAnnotation extends Annotation implements IQuickFixableAnnotation {

	public static final String ERROR = "org.eclipse.ui.workbench.texteditor.error";
	public static final String WARNING = "org.eclipse.ui.workbench.texteditor.warning";
	public static final String INFO = "org.eclipse.ui.workbench.texteditor.info";

	private final String code;
	private final List<String> data;

	public RaftProblemAnnotation(Issue issue) {
		super(typeOf(issue.getSeverity()), false, issue.getMessage());
		this.code = issue.getCode();
		this.data = issue.getData() == null ? List.of() : List.of(issue.getData());
	}

	public String code() {
		return code;
	}

	public List<String> data() {
		return data;
	}

	@Override
	public void setQuickFixable(boolean state) {
		// fixability follows from the code
	}

	@Override
	public boolean isQuickFixableStateSet() {
		return true;
	}

	@Override
	public boolean isQuickFixable() {
		return code != null && RaftQuickFixes.fixableCodes().contains(code);
	}

	private static String typeOf(Severity severity) {
		return switch (severity) {
		case ERROR -> ERROR;
		case WARNING -> WARNING;
		default -> INFO;
		};
	}
}
