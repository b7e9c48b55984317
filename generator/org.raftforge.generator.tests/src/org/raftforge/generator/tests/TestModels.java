package org.raftforge.generator.tests;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.raftforge.dsl.RaftStandaloneSetup;
import org.raftforge.dsl.raft.Cluster;

import com.google.inject.Injector;

/** Loads .raft models the way the command line does, and insists they have no errors. */
final class TestModels {

	private static final Injector INJECTOR = new RaftStandaloneSetup().createInjectorAndDoEMFRegistration();

	private TestModels() {
	}

	/** A model without validation errors (warnings allowed). */
	static Cluster load(Path file) {
		try {
			XtextResourceSet resources = INJECTOR.getInstance(XtextResourceSet.class);
			XtextResource resource = (XtextResource) resources
					.createResource(URI.createFileURI(file.toAbsolutePath().toString()));
			resource.load(Map.of());
			List<Issue> errors = INJECTOR.getInstance(IResourceValidator.class)
					.validate(resource, CheckMode.ALL, CancelIndicator.NullImpl).stream()
					.filter(issue -> issue.getSeverity() == Severity.ERROR).toList();
			if (!errors.isEmpty()) {
				fail(file + " has errors:\n"
						+ errors.stream().map(Issue::toString).collect(Collectors.joining("\n")));
			}
			return (Cluster) resource.getContents().get(0);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** A model from text (written to a file in {@code directory} first, as users write them). */
	static Cluster loadText(Path directory, String fileName, String text) throws IOException {
		Path file = directory.resolve(fileName);
		Files.writeString(file, text);
		return load(file);
	}

	/** Every examples/NAME/NAME.raft. */
	static List<Path> examples() throws IOException {
		try (Stream<Path> files = Files.walk(TestPaths.examples(), 2)) {
			return files.filter(path -> path.toString().endsWith(".raft")).sorted().toList();
		}
	}

	/** Every golden/models/*.raft. */
	static List<Path> goldenModels() throws IOException {
		try (Stream<Path> files = Files.list(TestPaths.goldenModels())) {
			return files.filter(path -> path.toString().endsWith(".raft")).sorted().toList();
		}
	}
}
