package org.raftforge.dsl.validation;

import static org.raftforge.dsl.raft.RaftPackage.Literals.QEMU_TARGET__MACHINE;
import static org.raftforge.dsl.raft.RaftPackage.Literals.VARIANT__STORAGE;

import java.util.Set;

import org.eclipse.xtext.validation.Check;
import org.raftforge.dsl.raft.FileStorage;
import org.raftforge.dsl.raft.QemuTarget;
import org.raftforge.dsl.raft.SemihostingStorage;
import org.raftforge.dsl.raft.Storage;
import org.raftforge.dsl.raft.Target;
import org.raftforge.dsl.raft.Variant;

/**
 * Storages only work on the targets that can reach them; targets only on machines the
 * runtime has a port for.
 */
public class StorageTargetValidator extends AbstractRaftCheck {

	/** QEMU machines with a platform port in runtime/ports/. */
	static final Set<String> SUPPORTED_MACHINES = Set.of("mps2-an386");

	@Check
	public void checkStorageFitsTarget(Variant variant) {
		Storage storage = variant.getStorage();
		Target target = variant.getTarget();
		if (storage == null || target == null || storage.eIsProxy() || target.eIsProxy()) {
			return;
		}
		boolean qemu = target instanceof QemuTarget;
		if (storage instanceof SemihostingStorage && !qemu) {
			error("storage " + storage.getName() + " uses ARM semihosting, which only a QEMU target offers, but "
					+ "variant " + variant.getName() + " runs on " + target.getName()
					+ ": use a `file` storage for native targets", variant, VARIANT__STORAGE,
					RaftIssueCodes.SEMIHOSTING_NEEDS_QEMU);
		} else if (storage instanceof FileStorage && qemu) {
			error("storage " + storage.getName() + " writes POSIX files, which firmware on QEMU target "
					+ target.getName() + " cannot reach: use a `semihosting` storage (host files through the "
					+ "debugger interface) or `memory`", variant, VARIANT__STORAGE,
					RaftIssueCodes.FILE_STORAGE_ON_QEMU);
		}
	}

	@Check
	public void checkMachine(QemuTarget target) {
		if (target.getMachine() != null && !SUPPORTED_MACHINES.contains(target.getMachine())) {
			error("QEMU machine \"" + target.getMachine() + "\" has no platform port; supported: "
					+ String.join(", ", SUPPORTED_MACHINES.stream().sorted().toList()), target, QEMU_TARGET__MACHINE,
					RaftIssueCodes.UNSUPPORTED_MACHINE);
		}
	}
}
