package org.raftforge.generator.plan;

/**
 * The variant's transport.
 *
 * @param kind               the backend
 * @param modelName          the transport's name in the model
 * @param subnet             UDP: the model's subnet (text), else null
 * @param receiveBufferBytes UDP: the model's receive buffer, else 0
 * @param queueDepth         UDP: the model's queue depth, else 0
 * @param capacity           channel: the model's capacity in messages (whole channel), else 0
 */
public record TransportPlan(Kind kind, String modelName, String subnet, long receiveBufferBytes, int queueDepth,
		int capacity) {

	public enum Kind {
		UDP("udp"), CHANNEL("channel");

		private final String word;

		Kind(String word) {
			this.word = word;
		}

		public String word() {
			return word;
		}
	}

	public boolean isChannel() {
		return kind == Kind.CHANNEL;
	}

	public boolean isUdp() {
		return kind == Kind.UDP;
	}
}
