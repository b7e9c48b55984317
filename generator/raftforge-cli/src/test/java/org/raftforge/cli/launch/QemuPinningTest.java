package org.raftforge.cli.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Which CPU each QEMU of a launch runs on (QemuBackend.pinned). */
class QemuPinningTest {

	@Test
	void cpuListsAsLinuxWritesThem() {
		assertEquals(List.of(0, 1), QemuBackend.cpuList("0-1"));
		assertEquals(List.of(0, 2, 3, 4, 7), QemuBackend.cpuList("0,2-4,7"));
		assertEquals(List.of(5), QemuBackend.cpuList("5"));
	}

	@Test
	void processesGoRoundRobinOverTheAllowedCpus() {
		List<String> qemu = List.of("qemu-system-arm", "-machine", "mps2-an386");
		List<Integer> cpus = QemuBackend.allowedCpus();
		if (cpus.size() < 2 || "0".equals(System.getenv("RAFTFORGE_QEMU_PIN"))) {
			assertEquals(qemu, QemuBackend.pinned(qemu, 3), "one CPU (or pinning off): nothing to spread");
			return;
		}
		for (int slot = 0; slot < 5; slot++) {
			List<String> command = QemuBackend.pinned(qemu, slot);
			assertEquals(List.of("/usr/bin/taskset", "-c", Integer.toString(cpus.get(slot % cpus.size()))),
					command.subList(0, 3));
			assertEquals(qemu, command.subList(3, command.size()));
		}
		assertEquals(qemu, QemuBackend.pinned(qemu, -1), "a process the description does not list is not pinned");
	}
}
