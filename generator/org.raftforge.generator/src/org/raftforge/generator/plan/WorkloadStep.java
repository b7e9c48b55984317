package org.raftforge.generator.plan;

/**
 * One step of the model's workload.
 *
 * @param op           put, get or delete
 * @param key          the key (text)
 * @param value        put: the value, else null
 * @param expected     get: the expected value, else null
 * @param expectAbsent get: expects the key to be absent
 */
public record WorkloadStep(Op op, String key, String value, String expected, boolean expectAbsent) {

	public enum Op {
		PUT("put"), GET("get"), DELETE("delete");

		private final String word;

		Op(String word) {
			this.word = word;
		}

		public String word() {
			return word;
		}
	}
}
