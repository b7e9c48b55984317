package org.raftforge.generator.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Names the generated C code derives from model names. */
public final class CNames {

	private CNames() {
	}

	/** "alpha" → "ALPHA", "n1" → "N1": model names are letters, digits and '_' already. */
	public static String macroName(String modelName) {
		StringBuilder name = new StringBuilder();
		for (char c : modelName.toCharArray()) {
			name.append(Character.isLetterOrDigit(c) && c < 128 ? Character.toUpperCase(c) : '_');
		}
		return name.toString();
	}

	/**
	 * Macro names for the nodes, one each: the upper-cased model name, with "_&lt;id&gt;" appended to every name
	 * that would collide with another (the model is case-sensitive, macros are upper case).
	 */
	public static List<String> uniqueMacroNames(List<String> modelNames, List<Integer> ids) {
		Map<String, Integer> uses = new HashMap<>();
		for (String name : modelNames) {
			uses.merge(macroName(name), 1, Integer::sum);
		}
		List<String> names = new ArrayList<>();
		for (int i = 0; i < modelNames.size(); i++) {
			String macro = macroName(modelNames.get(i));
			names.add(uses.get(macro) > 1 ? macro + "_" + Integer.toUnsignedString(ids.get(i)) : macro);
		}
		return names;
	}

	/** A C identifier for file-level names (lower case). */
	public static String identifier(String modelName) {
		return macroName(modelName).toLowerCase(Locale.ROOT);
	}
}
