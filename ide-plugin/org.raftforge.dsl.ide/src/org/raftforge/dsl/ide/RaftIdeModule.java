/*
 * Bindings of the language's editor-neutral services. The Eclipse plugin and the language
 * server both get their injector from RaftIdeSetup, so they behave the same.
 */
package org.raftforge.dsl.ide;

import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalProvider;
import org.eclipse.xtext.ide.editor.syntaxcoloring.ISemanticHighlightingCalculator;
import org.eclipse.xtext.ide.server.codeActions.ICodeActionService2;
import org.eclipse.xtext.ide.server.formatting.FormattingService;
import org.eclipse.xtext.ide.server.hover.IHoverService;
import org.eclipse.xtext.ide.server.symbol.DocumentSymbolMapper;
import org.eclipse.xtext.ide.server.symbol.HierarchicalDocumentSymbolService;
import org.eclipse.xtext.ide.server.symbol.IDocumentSymbolService;
import org.eclipse.xtext.validation.IResourceValidator;
import org.raftforge.dsl.ide.contentassist.RaftContentProposalProvider;
import org.raftforge.dsl.ide.formatting.SafeFormattingService;
import org.raftforge.dsl.ide.highlighting.RaftHighlightingCalculator;
import org.raftforge.dsl.ide.hover.RaftHoverService;
import org.raftforge.dsl.ide.outline.RaftSymbolDetails;
import org.raftforge.dsl.ide.outline.RaftSymbolKinds;
import org.raftforge.dsl.ide.outline.RaftSymbolNames;
import org.raftforge.dsl.ide.quickfix.RaftCodeActionService;
import org.raftforge.dsl.ide.validation.SyntaxFirstResourceValidator;

/**
 * Use this class to register ide components.
 */
public class RaftIdeModule extends AbstractRaftIdeModule {

	public Class<? extends IdeContentProposalProvider> bindIdeContentProposalProvider() {
		return RaftContentProposalProvider.class;
	}

	public Class<? extends IHoverService> bindIHoverService() {
		return RaftHoverService.class;
	}

	public Class<? extends ISemanticHighlightingCalculator> bindISemanticHighlightingCalculator() {
		return RaftHighlightingCalculator.class;
	}

	public Class<? extends ICodeActionService2> bindICodeActionService2() {
		return RaftCodeActionService.class;
	}

	public Class<? extends FormattingService> bindFormattingService() {
		return SafeFormattingService.class;
	}

	public Class<? extends IDocumentSymbolService> bindIDocumentSymbolService() {
		return HierarchicalDocumentSymbolService.class;
	}

	public Class<? extends DocumentSymbolMapper.DocumentSymbolNameProvider> bindDocumentSymbolNameProvider() {
		return RaftSymbolNames.class;
	}

	public Class<? extends DocumentSymbolMapper.DocumentSymbolKindProvider> bindDocumentSymbolKindProvider() {
		return RaftSymbolKinds.class;
	}

	public Class<? extends DocumentSymbolMapper.DocumentSymbolDetailsProvider> bindDocumentSymbolDetailsProvider() {
		return RaftSymbolDetails.class;
	}

	/** The same rule as `raftforge validate`: while there are syntax errors, only they are reported. */
	public Class<? extends IResourceValidator> bindIResourceValidator() {
		return SyntaxFirstResourceValidator.class;
	}
}
