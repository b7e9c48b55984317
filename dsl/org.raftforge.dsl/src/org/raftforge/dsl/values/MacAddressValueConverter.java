package org.raftforge.dsl.values;

import org.eclipse.xtext.conversion.ValueConverterException;
import org.eclipse.xtext.conversion.impl.AbstractNullSafeConverter;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.raftforge.dsl.net.MacAddress;
import org.raftforge.dsl.validation.RaftIssueCodes;

/** MAC addresses, kept in the model as checked lower-case text ("02:00:00:00:00:01"). */
public class MacAddressValueConverter extends AbstractNullSafeConverter<String> {

	@Override
	protected String internalToValue(String string, INode node) throws ValueConverterException {
		if (node != null && NodeModelUtils.getTokenText(node).chars().anyMatch(Character::isWhitespace)) {
			throw new RaftValueException(RaftIssueCodes.INVALID_MAC,
					"write the MAC address without spaces, e.g. 02:00:00:00:00:01", node);
		}
		try {
			return MacAddress.parse(string).toString();
		} catch (IllegalArgumentException e) {
			throw new RaftValueException(RaftIssueCodes.INVALID_MAC, e.getMessage(), node);
		}
	}

	@Override
	protected String internalToString(String mac) {
		return mac;
	}
}
