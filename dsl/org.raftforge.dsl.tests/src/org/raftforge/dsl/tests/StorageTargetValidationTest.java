package org.raftforge.dsl.tests;

import static org.raftforge.dsl.tests.Models.base;

import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.raftforge.dsl.validation.RaftIssueCodes;

import com.google.inject.Inject;

@ExtendWith(InjectionExtension.class)
@InjectWith(RaftInjectorProvider.class)
class StorageTargetValidationTest {

	@Inject
	private ModelChecker checker;

	@Test
	void semihostingNeedsQemu() {
		checker.assertError(base("variant native_udp { storage hostdisk", "variant native_udp { storage [[disk]]"),
				RaftIssueCodes.SEMIHOSTING_NEEDS_QEMU, "storage disk uses ARM semihosting", "runs on host");
		checker.assertNoIssue(base("variant native_udp { storage hostdisk", "variant native_udp { storage volatile"),
				RaftIssueCodes.SEMIHOSTING_NEEDS_QEMU);
	}

	@Test
	void fileStorageIsNotReachableFromQemu() {
		checker.assertError(
				base("default variant semihosting_udp { storage disk", "default variant semihosting_udp { storage [[hostdisk]]"),
				RaftIssueCodes.FILE_STORAGE_ON_QEMU, "storage hostdisk writes POSIX files", "semihosting");
		checker.assertNoIssue(
				base("default variant semihosting_udp { storage disk", "default variant semihosting_udp { storage volatile"),
				RaftIssueCodes.FILE_STORAGE_ON_QEMU);
	}

	@Test
	void qemuMachineWithoutPort() {
		checker.assertError(base("machine \"mps2-an386\"", "machine [[\"mps2-an385\"]]"),
				RaftIssueCodes.UNSUPPORTED_MACHINE, "\"mps2-an385\" has no platform port", "mps2-an386");
	}
}
