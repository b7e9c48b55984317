package org.raftforge.dsl.values;

import org.eclipse.xtext.conversion.ValueConverterException;
import org.eclipse.xtext.conversion.impl.AbstractNullSafeConverter;
import org.eclipse.xtext.nodemodel.INode;
import org.raftforge.dsl.validation.RaftIssueCodes;

/**
 * A UDP port number. Only the form is checked here; the range 1..65535 is a validation
 * rule of its own (so that an IDE can offer the next free port as a fix).
 */
public class PortValueConverter extends AbstractNullSafeConverter<Integer> {

	@Override
	protected Integer internalToValue(String string, INode node) throws ValueConverterException {
		String digits = string.trim();
		if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(Character::isDigit)) {
			throw new RaftValueException(RaftIssueCodes.INVALID_PORT,
					"'" + string + "' is not a port: write a number 1..65535", node);
		}
		return Integer.parseInt(digits);
	}

	@Override
	protected String internalToString(Integer port) {
		return port.toString();
	}
}
