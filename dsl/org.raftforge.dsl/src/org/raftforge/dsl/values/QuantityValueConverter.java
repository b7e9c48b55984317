package org.raftforge.dsl.values;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.xtext.conversion.ValueConverterException;
import org.eclipse.xtext.conversion.impl.AbstractNullSafeConverter;
import org.eclipse.xtext.nodemodel.INode;

/**
 * A number followed by a unit ("4 KiB", "300ms"), converted to the base unit.
 */
abstract class QuantityValueConverter extends AbstractNullSafeConverter<Long> {

	private static final Pattern NUMBER_AND_UNIT = Pattern.compile("\\s*(\\d+)\\s*([A-Za-z]+)\\s*");

	private final String issueCode;
	private final String what;
	private final Map<String, Long> unitFactors;

	QuantityValueConverter(String issueCode, String what, Map<String, Long> unitFactors) {
		this.issueCode = issueCode;
		this.what = what;
		this.unitFactors = unitFactors;
	}

	@Override
	protected Long internalToValue(String string, INode node) throws ValueConverterException {
		Matcher matcher = NUMBER_AND_UNIT.matcher(string);
		if (!matcher.matches() || !unitFactors.containsKey(matcher.group(2))) {
			throw new RaftValueException(issueCode,
					"'" + string + "' is not a " + what + ": write a number and one of " + unitFactors.keySet(), node);
		}
		String digits = matcher.group(1);
		long factor = unitFactors.get(matcher.group(2));
		long limit = Units.MAX_VALUE / factor;
		if (digits.length() > 10 || Long.parseLong(digits) > limit) {
			throw new RaftValueException(issueCode, "the " + what + " '" + string + "' is too large: at most " + limit
					+ " " + matcher.group(2) + " (the runtime keeps it in 31 bits)", node);
		}
		return Long.parseLong(digits) * factor;
	}
}
