package org.raftforge.dsl.ide.contentassist;

import java.util.Optional;

import org.eclipse.xtext.Assignment;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.Keyword;
import org.eclipse.xtext.ParserRule;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistContext;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistEntry;
import org.eclipse.xtext.ide.editor.contentassist.IIdeContentProposalAcceptor;
import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalProvider;
import org.raftforge.dsl.raft.Cluster;
import org.raftforge.dsl.raft.Node;

/**
 * Keywords and cross-references come from Xtext's default provider (references are
 * offered from the cluster's storages, transports and targets by the scope provider).
 * On top of that, a node gets a free name, address and port, and the `node` keyword a
 * complete declaration with all three.
 */
public class RaftContentProposalProvider extends IdeContentProposalProvider {

	private static final String NODE_RULE = "Node";
	/** Above keywords and references: the value computed for exactly this place. */
	private static final int COMPUTED_VALUE_BONUS = 100;

	@Override
	protected void _createProposals(Assignment assignment, ContentAssistContext context,
			IIdeContentProposalAcceptor acceptor) {
		Cluster cluster = EcoreUtil2.getContainerOfType(context.getCurrentModel(), Cluster.class);
		if (cluster != null && isInRule(assignment, NODE_RULE)) {
			// the partly written node is in the model already: it must not count as taken
			Node edited = EcoreUtil2.getContainerOfType(context.getCurrentModel(), Node.class);
			switch (assignment.getFeature()) {
			case "name" -> propose(FreeEndpoints.nextFreeName(cluster, edited), "free node name", context, acceptor);
			case "address" -> FreeEndpoints.suggestedAddress(cluster, edited)
					.ifPresent(address -> propose(address, addressDescription(cluster), context, acceptor));
			case "port" -> propose(Integer.toString(FreeEndpoints.nextFreePort(cluster, edited)), "next free port",
					context, acceptor);
			default -> {
				// id, mac, learner: keywords only
			}
			}
		}
		super._createProposals(assignment, context, acceptor);
	}

	@Override
	protected void _createProposals(Keyword keyword, ContentAssistContext context,
			IIdeContentProposalAcceptor acceptor) {
		super._createProposals(keyword, context, acceptor);
		Cluster cluster = EcoreUtil2.getContainerOfType(context.getCurrentModel(), Cluster.class);
		if (cluster != null && "node".equals(keyword.getValue()) && isInRule(keyword, NODE_RULE)) {
			Optional<String> address = FreeEndpoints.suggestedAddress(cluster);
			if (address.isPresent()) {
				String declaration = "node " + FreeEndpoints.nextFreeName(cluster) + " " + address.get() + ":"
						+ FreeEndpoints.nextFreePort(cluster);
				propose(declaration, "a new node with a free name, address and port", context, acceptor);
			}
		}
	}

	private void propose(String text, String description, ContentAssistContext context,
			IIdeContentProposalAcceptor acceptor) {
		ContentAssistEntry entry = getProposalCreator().createProposal(text, context, proposal -> {
			proposal.setDescription(description);
			proposal.setKind(ContentAssistEntry.KIND_VALUE);
		});
		if (entry != null) {
			acceptor.accept(entry, getProposalPriorities().getDefaultPriority(entry) + COMPUTED_VALUE_BONUS);
		}
	}

	private static String addressDescription(Cluster cluster) {
		return FreeEndpoints.firstUdpSubnet(cluster).map(subnet -> "free address in " + subnet)
				.orElse("address of the other nodes");
	}

	private static boolean isInRule(org.eclipse.xtext.AbstractElement element, String ruleName) {
		ParserRule rule = GrammarUtil.containingParserRule(element);
		return rule != null && ruleName.equals(rule.getName());
	}
}
