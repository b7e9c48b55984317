package org.raftforge.dsl.net;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An Ethernet MAC address, six hex octets separated by colons.
 */
public record MacAddress(String text) {

	private static final Pattern SIX_HEX_OCTETS = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");

	/**
	 * @return the address in lower case
	 * @throws IllegalArgumentException with a message that says what is wrong and how to write it
	 */
	public static MacAddress parse(String text) {
		String normalized = text.trim().toLowerCase(Locale.ROOT);
		if (!SIX_HEX_OCTETS.matcher(normalized).matches()) {
			throw new IllegalArgumentException("'" + text
					+ "' is not a MAC address: write six pairs of hex digits separated by colons, e.g. 02:00:00:00:00:01");
		}
		return new MacAddress(normalized);
	}

	/** Multicast MACs (lowest bit of the first octet) cannot be a NIC's own address. */
	public boolean isMulticast() {
		return (Integer.parseInt(text.substring(0, 2), 16) & 1) != 0;
	}

	@Override
	public String toString() {
		return text;
	}
}
