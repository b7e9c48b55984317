package org.raftforge.dsl.formatting2;

import static org.raftforge.dsl.raft.RaftPackage.Literals.NODE__ADDRESS;
import static org.raftforge.dsl.raft.RaftPackage.Literals.NODE__PORT;

import java.util.Comparator;
import java.util.List;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.formatting2.AbstractJavaFormatter;
import org.eclipse.xtext.formatting2.IFormattableDocument;
import org.eclipse.xtext.formatting2.regionaccess.IEObjectRegion;
import org.eclipse.xtext.formatting2.regionaccess.ISemanticRegion;
import org.raftforge.dsl.raft.ChannelTransport;
import org.raftforge.dsl.raft.Cluster;
import org.raftforge.dsl.raft.FileStorage;
import org.raftforge.dsl.raft.MemoryBudget;
import org.raftforge.dsl.raft.MemoryStorage;
import org.raftforge.dsl.raft.NativeTarget;
import org.raftforge.dsl.raft.Node;
import org.raftforge.dsl.raft.QemuTarget;
import org.raftforge.dsl.raft.RaftSettings;
import org.raftforge.dsl.raft.SemihostingStorage;
import org.raftforge.dsl.raft.Step;
import org.raftforge.dsl.raft.UdpTransport;
import org.raftforge.dsl.raft.Variant;
import org.raftforge.dsl.raft.Workload;

/**
 * The canonical layout of a .raft file: one declaration per line, settings blocks with one
 * setting per line, one-setting blocks and variants on a single line, single spaces between
 * words, up to one blank line kept between declarations (to group them), indentation from
 * the request (two spaces by default, see RaftRuntimeModule).
 */
public class RaftFormatter extends AbstractJavaFormatter {

	protected void format(Cluster cluster, IFormattableDocument doc) {
		words(cluster, doc);
		ISemanticRegion open = regionFor(cluster).keyword("{");
		ISemanticRegion close = regionFor(cluster).keyword("}");
		multilineBlock(open, close, doc);
		List<EObject> children = cluster.eContents().stream()
				.filter(child -> regionForEObject(child) != null)
				.sorted(Comparator.comparingInt(child -> regionForEObject(child).getOffset())).toList();
		for (int i = 0; i < children.size(); i++) {
			EObject child = children.get(i);
			if (i > 0) {
				// keep the author's grouping: at most one blank line between declarations
				doc.prepend(child, it -> it.setNewLines(1, 1, 2));
			}
			doc.format(child);
		}
		doc.append(close, it -> it.setNewLines(1));
	}

	protected void format(RaftSettings raft, IFormattableDocument doc) {
		settingsBlock(raft, doc, "election-timeout", "heartbeat", "pre-vote", "check-quorum", "lease",
				"snapshot-threshold", "max-log-entries", "max-entry-size", "log-level");
	}

	protected void format(MemoryBudget memory, IFormattableDocument doc) {
		settingsBlock(memory, doc, "budget", "stack");
	}

	protected void format(UdpTransport udp, IFormattableDocument doc) {
		settingsBlock(udp, doc, "subnet", "receive-buffer", "queue-depth");
	}

	protected void format(QemuTarget qemu, IFormattableDocument doc) {
		settingsBlock(qemu, doc, "machine", "cpu", "flash", "ram");
	}

	protected void format(ChannelTransport channel, IFormattableDocument doc) {
		singleLine(channel, doc);
	}

	protected void format(MemoryStorage storage, IFormattableDocument doc) {
		singleLine(storage, doc);
	}

	protected void format(SemihostingStorage storage, IFormattableDocument doc) {
		singleLine(storage, doc);
	}

	protected void format(FileStorage storage, IFormattableDocument doc) {
		singleLine(storage, doc);
	}

	protected void format(NativeTarget target, IFormattableDocument doc) {
		singleLine(target, doc);
	}

	protected void format(Variant variant, IFormattableDocument doc) {
		singleLine(variant, doc);
	}

	protected void format(Node node, IFormattableDocument doc) {
		words(node, doc);
		// 10.0.0.1:9001 is one word
		doc.append(regionFor(node).feature(NODE__ADDRESS), it -> it.noSpace());
		doc.prepend(regionFor(node).feature(NODE__PORT), it -> it.noSpace());
	}

	protected void format(Workload workload, IFormattableDocument doc) {
		words(workload, doc);
		multilineBlock(regionFor(workload).keyword("{"), regionFor(workload).keyword("}"), doc);
		for (Step step : workload.getSteps()) {
			doc.prepend(step, it -> it.newLine());
			doc.format(step);
		}
	}

	protected void format(Step step, IFormattableDocument doc) {
		words(step, doc);
	}

	// ------------------------------------------------------------------ building blocks

	/** `keyword { setting \n setting \n ... }` with each named setting keyword starting a line. */
	private void settingsBlock(EObject block, IFormattableDocument doc, String... settingKeywords) {
		words(block, doc);
		multilineBlock(regionFor(block).keyword("{"), regionFor(block).keyword("}"), doc);
		for (ISemanticRegion keyword : regionFor(block).keywords(settingKeywords)) {
			doc.prepend(keyword, it -> it.newLine());
		}
	}

	/** Everything of the object on one line, braces padded: `variant v { storage s ... }`. */
	private void singleLine(EObject object, IFormattableDocument doc) {
		words(object, doc);
	}

	private void multilineBlock(ISemanticRegion open, ISemanticRegion close, IFormattableDocument doc) {
		if (open == null || close == null) {
			return;
		}
		doc.append(open, it -> it.newLine());
		doc.prepend(close, it -> it.newLine());
		doc.interior(open, close, it -> it.indent());
	}

	/** One space between the object's own words; more specific rules win over this. */
	private void words(EObject object, IFormattableDocument doc) {
		IEObjectRegion region = regionForEObject(object);
		if (region == null) {
			return;
		}
		ISemanticRegion last = null;
		for (ISemanticRegion word : region.getSemanticRegions()) {
			if (last != null) {
				doc.append(last, it -> {
					it.oneSpace();
					it.lowPriority();
				});
			}
			last = word;
		}
	}
}
