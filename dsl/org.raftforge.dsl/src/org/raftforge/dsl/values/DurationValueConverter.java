package org.raftforge.dsl.values;

import java.util.LinkedHashMap;
import java.util.Map;

import org.raftforge.dsl.validation.RaftIssueCodes;

/** Durations: "300ms", "1s" -> milliseconds. */
public class DurationValueConverter extends QuantityValueConverter {

	private static final Map<String, Long> UNITS = new LinkedHashMap<>();
	static {
		UNITS.put("ms", 1L);
		UNITS.put("s", Units.MILLIS_PER_SECOND);
	}

	public DurationValueConverter() {
		super(RaftIssueCodes.INVALID_DURATION, "duration", UNITS);
	}

	@Override
	protected String internalToString(Long millis) {
		return Units.duration(millis);
	}
}
