/*
 * Bindings of the hand-written parts of the language.
 */
package org.raftforge.dsl;

import org.eclipse.xtext.conversion.IValueConverterService;
import org.eclipse.xtext.formatting.IIndentationInformation;
import org.eclipse.xtext.linking.ILinkingDiagnosticMessageProvider;
import org.eclipse.xtext.parser.antlr.ISyntaxErrorMessageProvider;
import org.raftforge.dsl.diagnostics.RaftLinkingDiagnosticMessageProvider;
import org.raftforge.dsl.diagnostics.RaftSyntaxErrorMessageProvider;
import org.raftforge.dsl.formatting2.RaftIndentation;
import org.raftforge.dsl.serializer.RaftTransientValueService;
import org.raftforge.dsl.values.RaftValueConverters;

/**
 * Use this class to register components to be used at runtime / without the Equinox extension registry.
 */
public class RaftRuntimeModule extends AbstractRaftRuntimeModule {

	@Override
	public Class<? extends IValueConverterService> bindIValueConverterService() {
		return RaftValueConverters.class;
	}

	public Class<? extends ISyntaxErrorMessageProvider> bindISyntaxErrorMessageProvider() {
		return RaftSyntaxErrorMessageProvider.class;
	}

	public Class<? extends ILinkingDiagnosticMessageProvider> bindILinkingDiagnosticMessageProvider() {
		return RaftLinkingDiagnosticMessageProvider.class;
	}

	public Class<? extends IIndentationInformation> bindIIndentationInformation() {
		return RaftIndentation.class;
	}

	public Class<? extends org.eclipse.xtext.serializer.sequencer.ITransientValueService> bindSequencerTransientValueService() {
		return RaftTransientValueService.class;
	}
}
