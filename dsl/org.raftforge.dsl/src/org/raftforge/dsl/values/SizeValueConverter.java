package org.raftforge.dsl.values;

import java.util.LinkedHashMap;
import java.util.Map;

import org.raftforge.dsl.validation.RaftIssueCodes;

/** Sizes: "128 B", "4 KiB", "4 MiB" -> bytes. */
public class SizeValueConverter extends QuantityValueConverter {

	private static final Map<String, Long> UNITS = new LinkedHashMap<>();
	static {
		UNITS.put("B", 1L);
		UNITS.put("KiB", Units.KIB);
		UNITS.put("MiB", Units.MIB);
	}

	public SizeValueConverter() {
		super(RaftIssueCodes.INVALID_SIZE, "size", UNITS);
	}

	@Override
	protected String internalToString(Long bytes) {
		return Units.size(bytes);
	}
}
