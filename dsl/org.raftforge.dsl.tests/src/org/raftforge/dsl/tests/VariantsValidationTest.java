package org.raftforge.dsl.tests;

import static org.raftforge.dsl.tests.Models.base;
import static org.raftforge.dsl.tests.Models.edit;

import org.eclipse.xtext.diagnostics.Diagnostic;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.raftforge.dsl.validation.RaftIssueCodes;

import com.google.inject.Inject;

@ExtendWith(InjectionExtension.class)
@InjectWith(RaftInjectorProvider.class)
class VariantsValidationTest {

	private static final String VARIANTS = """
			  variant memory_channel { storage volatile transport mailbox target board }
			  default variant semihosting_udp { storage disk transport ethernet target board }
			  variant native_udp { storage hostdisk transport ethernet target host }
			""";

	@Inject
	private ModelChecker checker;

	@Test
	void duplicateVariantName() {
		checker.assertError(base("variant native_udp {", "variant [[memory_channel]] {"),
				RaftIssueCodes.DUPLICATE_VARIANT, "variant memory_channel is already declared");
	}

	@Test
	void duplicateBuildingBlockNames() {
		checker.assertError(base("storage file hostdisk", "storage file [[volatile]]"),
				RaftIssueCodes.DUPLICATE_DECLARATION, "storage volatile is already declared");
		// a storage and a transport may share a name: variants refer to each kind separately
		checker.assertNoIssue(base("storage memory volatile", "storage memory mailbox")
				.replace("storage volatile", "storage mailbox"), RaftIssueCodes.DUPLICATE_DECLARATION);
	}

	@Test
	void unknownStorageIsALocatedLinkingError() {
		checker.assertError(base("variant native_udp { storage hostdisk", "variant native_udp { storage [[nowhere]]"),
				Diagnostic.LINKING_DIAGNOSTIC, "unknown storage 'nowhere'", "disk, hostdisk, volatile");
	}

	@Test
	void moreThanOneDefault() {
		checker.assertError(base("  variant native_udp", "  [[default]] variant native_udp"),
				RaftIssueCodes.MULTIPLE_DEFAULT_VARIANTS, "so is semihosting_udp");
	}

	@Test
	void severalVariantsAndNoDefault() {
		checker.assertWarning(edit(base("default variant", "variant"), "cluster base", "cluster [[base]]"),
				RaftIssueCodes.NO_DEFAULT_VARIANT, "memory_channel, semihosting_udp, native_udp");
		String single = base(VARIANTS, "  variant only { storage disk transport ethernet target board }\n");
		checker.assertNoIssue(single, RaftIssueCodes.NO_DEFAULT_VARIANT);
	}

	@Test
	void noVariants() {
		checker.assertWarning(edit(base(VARIANTS, ""), "cluster base", "cluster [[base]]"), RaftIssueCodes.NO_VARIANTS,
				"nothing to generate");
	}
}
