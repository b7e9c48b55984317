package org.raftforge.dsl.net;

/**
 * An IPv4 subnet in CIDR notation ({@code 10.0.0.0/24}).
 */
public record Ipv4Subnet(Ipv4Address address, int prefixLength) {

	/**
	 * @throws IllegalArgumentException with a message that says what is wrong and how to write it
	 */
	public static Ipv4Subnet parse(String text) {
		int slash = text.indexOf('/');
		if (slash < 0) {
			throw new IllegalArgumentException(
					"'" + text + "' is not a subnet: write an address and a prefix length, e.g. 10.0.0.0/24");
		}
		Ipv4Address address = Ipv4Address.parse(text.substring(0, slash));
		String prefix = text.substring(slash + 1).trim();
		if (prefix.isEmpty() || prefix.length() > 2 || !prefix.chars().allMatch(Character::isDigit)
				|| Integer.parseInt(prefix) > 32) {
			throw new IllegalArgumentException(
					"'" + text + "': the prefix length after '/' must be a number 0..32, e.g. /24");
		}
		return new Ipv4Subnet(address, Integer.parseInt(prefix));
	}

	/** The bits that select the network, as a mask (/24 = 255.255.255.0). */
	public int mask() {
		return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
	}

	public Ipv4Address networkAddress() {
		return new Ipv4Address(address.bits() & mask());
	}

	public Ipv4Address broadcastAddress() {
		return new Ipv4Address(address.bits() | ~mask());
	}

	/** True when the written address has bits set below the prefix (10.0.0.5/24). */
	public boolean hasHostBits() {
		return (address.bits() & ~mask()) != 0;
	}

	public boolean contains(Ipv4Address candidate) {
		return (candidate.bits() & mask()) == (address.bits() & mask());
	}

	/**
	 * /31 and /32 subnets have no network or broadcast address (RFC 3021); all others
	 * reserve the first and the last address.
	 */
	public boolean reservesNetworkAndBroadcast() {
		return prefixLength <= 30;
	}

	public boolean isUsableHost(Ipv4Address candidate) {
		if (!contains(candidate)) {
			return false;
		}
		return !reservesNetworkAndBroadcast()
				|| (!candidate.equals(networkAddress()) && !candidate.equals(broadcastAddress()));
	}

	public Ipv4Address firstHost() {
		return reservesNetworkAndBroadcast() ? networkAddress().plus(1) : networkAddress();
	}

	public Ipv4Address lastHost() {
		return reservesNetworkAndBroadcast() ? broadcastAddress().plus(-1) : broadcastAddress();
	}

	@Override
	public String toString() {
		return address + "/" + prefixLength;
	}
}
