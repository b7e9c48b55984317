package org.raftforge.cli.launch;

import java.io.IOException;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The node backends this launcher has, chosen by a target section's control channel: natively {@code stdio}
 * ({@link NativeBackend}); on QEMU {@code uart-socket} ({@link QemuBackend}: one qemu-system-arm per node or one per
 * channel image, the Ethernet hub for UDP variants). Nothing else in the launcher depends on the kind.
 */
public final class NodeBackends {

	private NodeBackends() {
	}

	public static boolean supports(LaunchDescription.TargetSection target) {
		return (target.target().equals("native") && target.control().kind().equals("stdio"))
				|| (target.target().equals("qemu") && target.control().kind().equals("uart-socket"));
	}

	/**
	 * @param say gets what the backend's preparation says (e.g. the Debian packages it installs)
	 * @throws IOException              when the machine lacks what the target needs and it cannot be installed
	 * @throws IllegalArgumentException when the target section cannot be used (the message names the key or path)
	 */
	public static Optional<NodeBackend> create(LaunchDescription description, LaunchDescription.TargetSection target,
			Placeholders placeholders, boolean transcripts, Consumer<String> say)
			throws IOException, InterruptedException {
		if (!supports(target)) {
			return Optional.empty();
		}
		if (target.target().equals("qemu")) {
			return Optional.of(new QemuBackend(description, target, placeholders, transcripts, say));
		}
		return Optional.of(new NativeBackend(placeholders, transcripts));
	}
}
