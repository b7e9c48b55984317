package org.raftforge.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.raftforge.dsl.tests.Models.base;

import org.eclipse.xtext.diagnostics.Diagnostic;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.raftforge.dsl.raft.Cluster;
import org.raftforge.dsl.raft.Variant;

import com.google.inject.Inject;

/** Variants refer to the storages, transports and targets of their cluster, each kind by its own names. */
@ExtendWith(InjectionExtension.class)
@InjectWith(RaftInjectorProvider.class)
class ScopingTest {

	@Inject
	private ModelChecker checker;

	@Test
	void variantReferencesResolveToTheDeclarations() {
		Cluster cluster = checker.parse(Models.BASE);
		Variant channel = cluster.getVariants().get(0);
		assertFalse(channel.getStorage().eIsProxy());
		assertSame(cluster.getStorages().get(0), channel.getStorage());
		assertSame(cluster.getTransports().get(1), channel.getTransport());
		assertSame(cluster.getTargets().get(0), channel.getTarget());
	}

	@Test
	void unknownStorageIsAnErrorAtTheReference() {
		checker.assertError(base("{ storage volatile transport mailbox", "{ storage [[volatil]] transport mailbox"),
				Diagnostic.LINKING_DIAGNOSTIC, "unknown storage 'volatil'", "declare it, or use one of:");
	}

	@Test
	void aTransportIsNotAStorage() {
		checker.assertError(base("{ storage volatile transport mailbox", "{ storage [[mailbox]] transport mailbox"),
				Diagnostic.LINKING_DIAGNOSTIC, "unknown storage 'mailbox'");
	}

	@Test
	void unknownTargetAndTransport() {
		checker.assertError(base("transport mailbox target board }", "transport mailbox target [[boards]] }"),
				Diagnostic.LINKING_DIAGNOSTIC, "unknown target 'boards'", "board, host");
		checker.assertError(base("transport mailbox target board }", "transport [[mail]] target board }"),
				Diagnostic.LINKING_DIAGNOSTIC, "unknown transport 'mail'", "ethernet, mailbox");
	}
}
