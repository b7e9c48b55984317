package org.raftforge.lsp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;
import java.util.stream.Stream;

import org.eclipse.emf.common.util.URI;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.xtext.ide.editor.syntaxcoloring.ISemanticHighlightingCalculator;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.ide.server.contentassist.ContentAssistService;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.raftforge.dsl.ide.RaftIdeSetup;
import org.raftforge.dsl.ide.RaftModels;
import org.raftforge.dsl.ide.formatting.SafeFormattingService;
import org.raftforge.dsl.ide.hover.RaftHoverService;

/**
 * What one keystroke costs the editors, per example model: the Eclipse editor re-parses and
 * re-colours on every change (on the UI thread) and re-validates 300 ms after the last one;
 * content assist, hover and format run on demand. Prints median and 90th percentile; asserts
 * nothing. Run after `test-compile` (see ide-plugin/README.md):
 *
 * java -cp ide-plugin/raftforge-lsp/target/raftforge-lsp.jar:ide-plugin/raftforge-lsp/target/test-classes \
 *      org.raftforge.lsp.EditorCostBenchmark examples
 */
public final class EditorCostBenchmark {

	private static final int WARM_UP = 100;
	private static final int RUNS = 300;

	private EditorCostBenchmark() {
	}

	public static void main(String[] args) throws IOException {
		Path examples = Path.of(args.length > 0 ? args[0] : "examples");
		RaftModels models = new RaftModels(new RaftIdeSetup().createInjectorAndDoEMFRegistration());
		List<Path> files;
		try (Stream<Path> walk = Files.walk(examples, 2)) {
			files = walk.filter(file -> file.toString().endsWith(".raft")).sorted().toList();
		}
		// a first round over every model warms the JIT up; only the second is printed
		for (int round = 0; round < 2; round++) {
			printing = round == 1;
			if (printing) {
				System.out.printf(Locale.ROOT, "%-12s %6s  %-24s %9s %9s%n", "model", "lines", "step", "median", "p90");
			}
			measureAll(models, files);
		}
	}

	private static boolean printing;

	private static void measureAll(RaftModels models, List<Path> files) throws IOException {
		for (Path file : files) {
			String text = Files.readString(file);
			URI uri = URI.createFileURI(file.toAbsolutePath().toString());
			int lines = (int) text.lines().count();
			int caret = text.lastIndexOf("  node ");
			Document document = new Document(1, text);
			String name = file.getFileName().toString();
			measure(name, lines, "parse", i -> models.parse(uri, text));
			measure(name, lines, "parse + colour", i -> {
				XtextResource resource = models.parse(uri, text);
				models.injector().getInstance(ISemanticHighlightingCalculator.class).provideHighlightingFor(resource,
						(offset, length, styles) -> {
						}, CancelIndicator.NullImpl);
			});
			measure(name, lines, "parse + validate", i -> models.validate(models.parse(uri, text), CancelIndicator.NullImpl));
			ContentAssistService assist = models.injector().getInstance(ContentAssistService.class);
			measure(name, lines, "content assist (node)", i -> assist.createCompletionList(document,
					models.parse(uri, text),
					new CompletionParams(new TextDocumentIdentifier(uri.toString()), document.getPosition(caret)),
					CancelIndicator.NullImpl));
			RaftHoverService hover = models.injector().getInstance(RaftHoverService.class);
			measure(name, lines, "hover (keyword)", i -> hover.hoverAt(models.parse(uri, text), text.indexOf("heartbeat")));
			SafeFormattingService format = models.injector().getInstance(SafeFormattingService.class);
			measure(name, lines, "format (checked)", i -> format.formatWhole(models.parse(uri, text), text));
		}
	}

	private static void measure(String model, int lines, String step, IntConsumer work) {
		for (int i = 0; i < WARM_UP; i++) {
			work.accept(i);
		}
		long[] nanos = new long[RUNS];
		for (int i = 0; i < RUNS; i++) {
			long start = System.nanoTime();
			work.accept(i);
			nanos[i] = System.nanoTime() - start;
		}
		Arrays.sort(nanos);
		if (!printing) {
			return;
		}
		System.out.printf(Locale.ROOT, "%-12s %6d  %-24s %7.2f ms %7.2f ms%n", model, lines, step, nanos[RUNS / 2] / 1e6,
				nanos[RUNS * 9 / 10] / 1e6);
	}
}
