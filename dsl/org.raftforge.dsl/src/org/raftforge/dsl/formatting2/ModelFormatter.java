package org.raftforge.dsl.formatting2;

import java.util.List;

import org.eclipse.xtext.formatting2.FormatterPreferences;
import org.eclipse.xtext.formatting2.FormatterRequest;
import org.eclipse.xtext.formatting2.IFormatter2;
import org.eclipse.xtext.formatting2.regionaccess.ITextRegionAccess;
import org.eclipse.xtext.formatting2.regionaccess.ITextReplacement;
import org.eclipse.xtext.formatting2.regionaccess.TextRegionAccessBuilder;
import org.eclipse.xtext.preferences.IPreferenceValuesProvider;
import org.eclipse.xtext.preferences.TypedPreferenceValues;
import org.eclipse.xtext.resource.XtextResource;

import com.google.inject.Inject;
import com.google.inject.Provider;

/**
 * Formats a whole parsed file with the language's formatter and its default preferences;
 * for tools (tests, a future `raftforge format`) that work on files rather than editors.
 */
public class ModelFormatter {

	@Inject
	private Provider<IFormatter2> formatterProvider;
	@Inject
	private Provider<TextRegionAccessBuilder> regionAccessBuilder;
	@Inject
	private Provider<FormatterRequest> requestProvider;
	@Inject
	@FormatterPreferences
	private IPreferenceValuesProvider preferences;

	/** The file's text as the formatter lays it out (the resource must have parsed without syntax errors). */
	public String format(XtextResource resource) {
		ITextRegionAccess regions = regionAccessBuilder.get().forNodeModel(resource).create();
		FormatterRequest request = requestProvider.get();
		request.setTextRegionAccess(regions);
		request.setPreferences(TypedPreferenceValues.castOrWrap(preferences.getPreferenceValues(resource)));
		request.setExceptionHandler(exception -> {
			throw new IllegalStateException("formatter failed: " + exception.getMessage(), exception);
		});
		List<ITextReplacement> replacements = formatterProvider.get().format(request);
		return regions.getRewriter().renderToString(replacements);
	}
}
