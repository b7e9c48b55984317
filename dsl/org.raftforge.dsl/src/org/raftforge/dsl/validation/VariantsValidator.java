package org.raftforge.dsl.validation;

import static org.raftforge.dsl.raft.RaftPackage.Literals.CLUSTER__NAME;
import static org.raftforge.dsl.raft.RaftPackage.Literals.STORAGE__NAME;
import static org.raftforge.dsl.raft.RaftPackage.Literals.TARGET__NAME;
import static org.raftforge.dsl.raft.RaftPackage.Literals.TRANSPORT__NAME;
import static org.raftforge.dsl.raft.RaftPackage.Literals.VARIANT__DEFAULT_VARIANT;
import static org.raftforge.dsl.raft.RaftPackage.Literals.VARIANT__NAME;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.validation.Check;
import org.raftforge.dsl.model.Variants;
import org.raftforge.dsl.raft.Cluster;
import org.raftforge.dsl.raft.Storage;
import org.raftforge.dsl.raft.Target;
import org.raftforge.dsl.raft.Transport;
import org.raftforge.dsl.raft.Variant;

/**
 * Variants and the names they refer to: unique names per kind, one default.
 * (A reference to a storage, transport or target that does not exist is a linking error.)
 */
public class VariantsValidator extends AbstractRaftCheck {

	@Check
	public void checkUniqueDeclarations(Cluster cluster) {
		reportDuplicates(cluster.getTransports(), Transport::getName, TRANSPORT__NAME, "transport",
				RaftIssueCodes.DUPLICATE_DECLARATION);
		reportDuplicates(cluster.getStorages(), Storage::getName, STORAGE__NAME, "storage",
				RaftIssueCodes.DUPLICATE_DECLARATION);
		reportDuplicates(cluster.getTargets(), Target::getName, TARGET__NAME, "target",
				RaftIssueCodes.DUPLICATE_DECLARATION);
		reportDuplicates(cluster.getVariants(), Variant::getName, VARIANT__NAME, "variant",
				RaftIssueCodes.DUPLICATE_VARIANT);
	}

	@Check
	public void checkDefaultVariant(Cluster cluster) {
		List<Variant> variants = cluster.getVariants();
		if (variants.isEmpty()) {
			warning("cluster " + cluster.getName() + " declares no variant, so there is nothing to generate or "
					+ "launch: add e.g. `default variant main { storage S transport T target X }`", CLUSTER__NAME,
					RaftIssueCodes.NO_VARIANTS);
			return;
		}
		List<Variant> defaults = variants.stream().filter(Variant::isDefaultVariant).toList();
		for (Variant extra : defaults.subList(Math.min(1, defaults.size()), defaults.size())) {
			error("variant " + extra.getName() + " is marked default, but so is " + defaults.get(0).getName() + " on "
					+ lineOf(defaults.get(0)) + ": keep `default` on one variant only", extra,
					VARIANT__DEFAULT_VARIANT, RaftIssueCodes.MULTIPLE_DEFAULT_VARIANTS);
		}
		if (defaults.isEmpty() && variants.size() > 1) {
			warning("none of the " + variants.size() + " variants is marked `default`, so every launch must name "
					+ "one (" + Variants.names(cluster) + "): write `default variant ...` on one", CLUSTER__NAME,
					RaftIssueCodes.NO_DEFAULT_VARIANT);
		}
	}

	private <T extends EObject> void reportDuplicates(List<T> declarations, Function<T, String> name,
			EStructuralFeature nameFeature, String kind, String code) {
		Map<String, T> seen = new HashMap<>();
		for (T declaration : declarations) {
			String key = name.apply(declaration);
			if (key == null) {
				continue;
			}
			T first = seen.putIfAbsent(key, declaration);
			if (first != null) {
				error(kind + " " + key + " is already declared on " + lineOf(first) + ": give this " + kind
						+ " another name", declaration, nameFeature, code);
			}
		}
	}
}
