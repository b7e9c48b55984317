package org.raftforge.cli.launch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A node's own view, from its {@code status} reply:
 * {@code status id=ID role=ROLE term=N leader=ID commit=I applied=I last=I snapshot=I voters=LIST learners=LIST}.
 * Fields the node did not send are -1 (numbers) or empty.
 */
public record NodeStatus(long id, String role, long term, long leader, long commit, long applied, long last,
		long snapshot, List<Long> voters, List<Long> learners) {

	static NodeStatus parse(Map<String, String> fields) {
		return new NodeStatus(number(fields, "id"), fields.getOrDefault("role", ""), number(fields, "term"),
				number(fields, "leader"), number(fields, "commit"), number(fields, "applied"), number(fields, "last"),
				number(fields, "snapshot"), ids(fields.get("voters")), ids(fields.get("learners")));
	}

	public boolean isLeader() {
		return role.equals("leader");
	}

	private static long number(Map<String, String> fields, String name) {
		String value = fields.get(name);
		if (value == null) {
			return -1;
		}
		try {
			return Long.parseUnsignedLong(value);
		} catch (NumberFormatException e) {
			return -1;
		}
	}

	/** "1,2,3" or "-" (empty). */
	static List<Long> ids(String list) {
		List<Long> ids = new ArrayList<>();
		if (list == null || list.equals("-")) {
			return ids;
		}
		for (String id : list.split(",")) {
			try {
				ids.add(Long.parseUnsignedLong(id));
			} catch (NumberFormatException e) {
				// a malformed id is left out; the list is for display
			}
		}
		return List.copyOf(ids);
	}
}
