package org.raftforge.dsl.values;

import org.eclipse.xtext.conversion.ValueConverterException;
import org.eclipse.xtext.conversion.impl.AbstractNullSafeConverter;
import org.eclipse.xtext.nodemodel.INode;
import org.raftforge.dsl.net.Ipv4Subnet;
import org.raftforge.dsl.validation.RaftIssueCodes;

/** Subnets in CIDR notation, kept in the model as checked text ("10.0.0.0/24"). */
public class CidrValueConverter extends AbstractNullSafeConverter<String> {

	@Override
	protected String internalToValue(String string, INode node) throws ValueConverterException {
		try {
			return Ipv4Subnet.parse(string).toString();
		} catch (IllegalArgumentException e) {
			throw new RaftValueException(RaftIssueCodes.INVALID_SUBNET, e.getMessage(), node);
		}
	}

	@Override
	protected String internalToString(String subnet) {
		return subnet;
	}
}
