package org.raftforge.dsl.values;

import org.eclipse.xtext.common.services.DefaultTerminalConverters;
import org.eclipse.xtext.conversion.IValueConverter;
import org.eclipse.xtext.conversion.ValueConverter;

import com.google.inject.Inject;

/** Binds each value rule of the grammar to its converter. */
public class RaftValueConverters extends DefaultTerminalConverters {

	@Inject
	private SizeValueConverter sizeConverter;
	@Inject
	private DurationValueConverter durationConverter;
	@Inject
	private PortValueConverter portConverter;
	@Inject
	private Ipv4ValueConverter ipv4Converter;
	@Inject
	private CidrValueConverter cidrConverter;
	@Inject
	private MacAddressValueConverter macConverter;

	@ValueConverter(rule = "Size")
	public IValueConverter<Long> Size() {
		return sizeConverter;
	}

	@ValueConverter(rule = "Duration")
	public IValueConverter<Long> Duration() {
		return durationConverter;
	}

	@ValueConverter(rule = "Port")
	public IValueConverter<Integer> Port() {
		return portConverter;
	}

	@ValueConverter(rule = "Ipv4")
	public IValueConverter<String> Ipv4() {
		return ipv4Converter;
	}

	@ValueConverter(rule = "Cidr")
	public IValueConverter<String> Cidr() {
		return cidrConverter;
	}

	@ValueConverter(rule = "MacAddress")
	public IValueConverter<String> MacAddress() {
		return macConverter;
	}
}
