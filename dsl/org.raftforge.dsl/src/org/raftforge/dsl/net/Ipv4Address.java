package org.raftforge.dsl.net;

/**
 * An IPv4 address as the 32-bit number it is, parsed from dotted-decimal text.
 */
public record Ipv4Address(int bits) implements Comparable<Ipv4Address> {

	/**
	 * Parses {@code a.b.c.d}: four decimal octets 0..255, no leading zeros (which some
	 * tools read as octal).
	 *
	 * @throws IllegalArgumentException with a message that says what is wrong and how to write it
	 */
	public static Ipv4Address parse(String text) {
		String[] parts = text.trim().split("\\.", -1);
		if (parts.length != 4) {
			throw new IllegalArgumentException(
					"'" + text + "' is not an IPv4 address: write four numbers 0..255 separated by dots, e.g. 10.0.0.1");
		}
		int bits = 0;
		for (String part : parts) {
			bits = (bits << 8) | parseOctet(part, text);
		}
		return new Ipv4Address(bits);
	}

	private static int parseOctet(String part, String whole) {
		if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
			throw new IllegalArgumentException(
					"'" + whole + "' is not an IPv4 address: each of the four parts must be a number 0..255");
		}
		if (part.length() > 1 && part.charAt(0) == '0') {
			throw new IllegalArgumentException("'" + whole + "': octet '" + part
					+ "' has a leading zero (read as octal by some tools); write " + Integer.parseInt(part));
		}
		int value = Integer.parseInt(part);
		if (value > 255) {
			throw new IllegalArgumentException(
					"'" + whole + "': octet " + value + " is larger than 255");
		}
		return value;
	}

	/** The address {@code steps} further on (wrapping at 2^32). */
	public Ipv4Address plus(long steps) {
		return new Ipv4Address((int) (Integer.toUnsignedLong(bits) + steps));
	}

	public long unsigned() {
		return Integer.toUnsignedLong(bits);
	}

	@Override
	public int compareTo(Ipv4Address other) {
		return Integer.compareUnsigned(bits, other.bits);
	}

	@Override
	public String toString() {
		return ((bits >>> 24) & 0xff) + "." + ((bits >>> 16) & 0xff) + "." + ((bits >>> 8) & 0xff) + "." + (bits & 0xff);
	}
}
