package org.raftforge.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.serializer.ISerializer;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.raftforge.dsl.formatting2.ModelFormatter;
import org.raftforge.dsl.model.Variants;
import org.raftforge.dsl.raft.Cluster;

import com.google.inject.Inject;
import com.google.inject.Provider;

/**
 * Every example model: valid without a single issue, survives serialization, and is
 * already in the formatter's layout.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(RaftInjectorProvider.class)
class ExamplesTest {

	@Inject
	private ModelChecker checker;
	@Inject
	private ISerializer serializer;
	@Inject
	private ModelFormatter formatter;
	@Inject
	private Provider<XtextResourceSet> resourceSets;

	static List<Path> examples() throws IOException {
		return Models.examples();
	}

	@Test
	void theExamplesAreThere() throws IOException {
		List<String> names = examples().stream().map(path -> path.getFileName().toString()).toList();
		assertTrue(names.containsAll(List.of("metal.raft", "trio.raft", "seven.raft")), "examples found: " + names);
	}

	@ParameterizedTest
	@MethodSource("examples")
	void validatesWithoutIssues(Path example) throws IOException {
		checker.assertClean(read(example));
	}

	@ParameterizedTest
	@MethodSource("examples")
	void serializesBackToTheSameText(Path example) throws IOException {
		String text = read(example);
		Cluster cluster = checker.parse(text);
		assertEquals(text, serializer.serialize(cluster), "serializing the unchanged model keeps the file");
	}

	@ParameterizedTest
	@MethodSource("examples")
	void serializesFromScratchToAnEquivalentModel(Path example) throws IOException {
		Cluster original = checker.parse(read(example));
		// a copy has no node model: every value goes through its converter's toString
		XtextResourceSet copies = resourceSets.get();
		Resource copyResource = copies.createResource(URI.createURI("copy.raft"));
		Cluster copy = EcoreUtil.copy(original);
		copyResource.getContents().add(copy);
		String serialized = serializer.serialize(copy);
		Cluster reparsed = checker.parse(serialized);
		assertTrue(EcoreUtil.equals(original, reparsed), "reparsed model differs; serialized text:\n" + serialized);
	}

	@ParameterizedTest
	@MethodSource("examples")
	void isAlreadyFormatted(Path example) throws IOException {
		String text = read(example);
		XtextResource resource = (XtextResource) checker.parse(text).eResource();
		assertEquals(text, formatter.format(resource));
	}

	@Test
	void theSeedModelReproducesTheSeed() throws IOException {
		Cluster metal = checker.parse(read(Models.examplesFolder().resolve("metal/metal.raft")));
		assertEquals(5, metal.getNodes().size());
		assertEquals("10.0.0.5", metal.getNodes().get(4).getAddress());
		assertEquals(9005, metal.getNodes().get(4).getPort());
		assertEquals(List.of("memory_channel", "memory_udp", "semihosting_channel", "semihosting_udp"),
				metal.getVariants().stream().map(variant -> variant.getName()).toList());
		assertEquals("semihosting_udp", Variants.defaultVariant(metal).get().getName());
		assertEquals(256, metal.getRaft().getMaxLogEntries());
		assertEquals(48 * 1024, metal.getMemory().getBudget()); // issue 5: at most 48 KB of RAM per node
		assertFalse(metal.getWorkload().getSteps().isEmpty());
	}

	private static String read(Path file) throws IOException {
		return Files.readString(file, StandardCharsets.UTF_8);
	}
}
