package org.raftforge.dsl.values;

import org.eclipse.xtext.conversion.ValueConverterException;
import org.eclipse.xtext.conversion.impl.AbstractNullSafeConverter;
import org.eclipse.xtext.nodemodel.INode;
import org.raftforge.dsl.net.Ipv4Address;
import org.raftforge.dsl.validation.RaftIssueCodes;

/** IPv4 addresses, kept in the model as checked dotted-decimal text. */
public class Ipv4ValueConverter extends AbstractNullSafeConverter<String> {

	@Override
	protected String internalToValue(String string, INode node) throws ValueConverterException {
		try {
			return Ipv4Address.parse(string).toString();
		} catch (IllegalArgumentException e) {
			throw new RaftValueException(RaftIssueCodes.INVALID_ADDRESS, e.getMessage(), node);
		}
	}

	@Override
	protected String internalToString(String address) {
		return address;
	}
}
