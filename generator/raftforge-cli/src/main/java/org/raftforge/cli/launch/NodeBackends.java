package org.raftforge.cli.launch;

import java.util.Optional;

/**
 * The node backends this launcher has, chosen by a target section's control channel: natively {@code stdio}
 * ({@link NativeBackend}). The QEMU part adds its backend ({@code uart-socket}: one qemu-system-arm per node, the
 * Ethernet hub) here; nothing else in the launcher changes.
 */
public final class NodeBackends {

	private NodeBackends() {
	}

	public static boolean supports(LaunchDescription.TargetSection target) {
		return target.target().equals("native") && target.control().kind().equals("stdio");
	}

	public static Optional<NodeBackend> create(LaunchDescription.TargetSection target, Placeholders placeholders,
			boolean transcripts) {
		if (supports(target)) {
			return Optional.of(new NativeBackend(placeholders, transcripts));
		}
		return Optional.empty();
	}
}
