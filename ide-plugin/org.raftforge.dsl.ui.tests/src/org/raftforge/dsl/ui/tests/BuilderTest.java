package org.raftforge.dsl.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.ui.IMarkerResolution;
import org.eclipse.ui.ide.IDE;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.raftforge.dsl.ui.builder.ProblemMarkers;
import org.raftforge.dsl.ide.quickfix.RaftQuickFixes;
import org.raftforge.dsl.ui.builder.RaftBuilder;
import org.raftforge.dsl.ui.wizard.ModelTemplate;

/**
 * The RaftForge builder in a project with the nature: problem markers with the issue's
 * code and data, generation into src-gen/ for valid models only, and every marker quick
 * fix, which edits the file and makes the marker go on the next build.
 */
class BuilderTest {

	private IProject project;

	@BeforeEach
	void createProject() throws CoreException {
		project = Workbench.project("builder", true);
	}

	@AfterEach
	void deleteProject() throws CoreException {
		Workbench.closeAll();
		Workbench.deleteAllProjects();
	}

	@Test
	void theNatureInstallsTheBuilder() throws CoreException {
		assertTrue(Arrays.stream(project.getDescription().getBuildSpec())
				.anyMatch(command -> RaftBuilder.ID.equals(command.getBuilderName())));
	}

	@Test
	void errorsBecomeMarkersWithCodeLineAndData() throws CoreException {
		IFile file = Workbench.file(project, "trio.raft", Models.trio("node n2 10.0.0.2:9002", "node n2 10.0.0.1:9001"));
		Workbench.build();
		IMarker marker = marker(file, "duplicate-endpoint");
		assertEquals(IMarker.SEVERITY_ERROR, marker.getAttribute(IMarker.SEVERITY, -1));
		assertEquals(lineOf(Models.TRIO, "node n2"), marker.getAttribute(IMarker.LINE_NUMBER, -1));
		assertEquals("9004", marker.getAttribute(ProblemMarkers.DATA, ""));
		assertTrue(marker.getAttribute(IMarker.MESSAGE, "").contains("same address and port as node n1"));
		assertFalse(project.getFolder("src-gen").exists(), "nothing generated from a model with errors");
	}

	@Test
	void aValidModelIsGeneratedIntoSrcGenAndErrorsKeepTheLastOutput() throws Exception {
		IFile file = Workbench.file(project, "trio.raft", Models.TRIO);
		Workbench.build();
		assertEquals(List.of(), markers(file));
		IFile header = project.getFile("src-gen/trio/local/cluster_config.h");
		assertTrue(header.exists(), "generated and refreshed: " + header);
		assertTrue(project.getFolder("src-gen").isDerived(), "the output is marked derived");
		assertTrue(project.getFile("src-gen/trio/local/launch.json").exists());
		String before = read(header);
		assertTrue(before.contains("trio.raft"), "the header names its model");

		Workbench.file(project, "trio.raft", Models.trio("heartbeat 100ms", "heartbeat 400ms"));
		Workbench.build();
		marker(file, "heartbeat-too-long");
		assertEquals(before, read(header), "a model with errors leaves the previous output alone");
	}

	@Test
	void aFileThatIsNotTextGetsOneClearMarker() throws Exception {
		IFile file = project.getFile("broken.raft");
		file.create(new java.io.ByteArrayInputStream(new byte[] { 'c', (byte) 0xC3, (byte) 0x28, 0 }), true, null);
		Workbench.build();
		List<IMarker> markers = markers(file);
		assertEquals(1, markers.size());
		assertTrue(markers.get(0).getAttribute(IMarker.MESSAGE, "").startsWith("not a RaftForge model: the file is not"),
				markers.get(0).getAttribute(IMarker.MESSAGE, ""));
	}

	/** A model with the problem for every code that has a quick fix (the label where it is fixed). */
	static Stream<Arguments> fixes() {
		String qemu = ModelTemplate.QEMU.text("seed");
		return Stream.of(
				Arguments.of("duplicate-endpoint", Models.trio("node n2 10.0.0.2:9002", "node n2 10.0.0.1:9001"),
						"Use the next free port 9004", "node n2 10.0.0.1:9004"),
				Arguments.of("port-out-of-range", Models.trio("10.0.0.3:9003", "10.0.0.3:70000"),
						"Use the next free port 9003", "node n3 10.0.0.3:9003"),
				Arguments.of("shared-port-on-native", Models.trio("node n2 10.0.0.2:9002", "node n2 10.0.0.2:9001"),
						"Use the next free port 9004", "node n2 10.0.0.2:9004"),
				Arguments.of("shared-port-loopback-per-node",
						qemu.replace("node n2 10.0.0.2:9002", "node n2 10.0.0.2:9001"), "Use the next free port 9006",
						"node n2 10.0.0.2:9006"),
				Arguments.of("address-outside-subnet", Models.trio("node n3 10.0.0.3:9003", "node n3 10.0.9.3:9003"),
						"Use the free address 10.0.0.3", "node n3 10.0.0.3:9003"),
				Arguments.of("address-reserved", Models.trio("node n3 10.0.0.3:9003", "node n3 10.0.0.255:9003"),
						"Use the free address 10.0.0.3", "node n3 10.0.0.3:9003"),
				Arguments.of("subnet-host-bits", Models.trio("subnet 10.0.0.0/24", "subnet 10.0.0.7/24"),
						"Write the subnet as 10.0.0.0/24", "subnet 10.0.0.0/24"),
				Arguments.of("heartbeat-too-long", Models.trio("heartbeat 100ms", "heartbeat 400ms"),
						"Set the heartbeat to 100ms (a third of the minimum election timeout)", "heartbeat 100ms"),
				Arguments.of("heartbeat-above-third", Models.trio("heartbeat 100ms", "heartbeat 150ms"),
						"Set the heartbeat to 100ms (a third of the minimum election timeout)", "heartbeat 100ms"),
				Arguments.of("lease-too-long", Models.trio("lease 250ms", "lease 300ms"),
						"Shorten the lease to 250ms (below the minimum election timeout)", "lease 250ms"),
				Arguments.of("snapshot-threshold-too-high",
						Models.trio("snapshot-threshold 128 entries", "snapshot-threshold 256 entries"),
						"Set snapshot-threshold to 128 (half of max-log-entries)", "snapshot-threshold 128 entries"),
				Arguments.of("udp-buffer-too-small", Models.trio("receive-buffer 4 KiB", "receive-buffer 100 B"), null,
						"receive-buffer "),
				Arguments.of("queue-too-shallow", Models.trio("queue-depth 16", "queue-depth 1"), "Raise queue-depth to 2",
						"queue-depth 2"),
				Arguments.of("channel-too-small",
						Models.trio("  target native host\n", "  target native host\n  transport channel bus { capacity 2 }\n"),
						null, "transport channel bus { capacity "),
				Arguments.of("memory-budget-too-small", Models.trio("budget 1 MiB", "budget 8 KiB"), null, "budget "),
				Arguments.of("even-voter-count", Models.trio("  node n3 10.0.0.3:9003\n", ""),
						"Add node n3 10.0.0.3:9003", "  node n2 10.0.0.2:9002\n  node n3 10.0.0.3:9003\n"));
	}

	@Test
	void everyFixableCodeIsTried() {
		assertEquals(List.copyOf(RaftQuickFixes.fixableCodes()),
				fixes().map(arguments -> (String) arguments.get()[0]).sorted().toList());
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("fixes")
	void markerQuickFix(String code, String model, String label, String fixedText) throws Exception {
		IFile file = Workbench.file(project, "model.raft", model);
		Workbench.build();
		IMarker marker = marker(file, code);
		IMarkerResolution[] resolutions = IDE.getMarkerHelpRegistry().getResolutions(marker);
		IMarkerResolution resolution = Arrays.stream(resolutions)
				.filter(candidate -> label == null || label.equals(candidate.getLabel())).findFirst()
				.orElseThrow(() -> new AssertionError("no fix '" + label + "' among "
						+ Arrays.stream(resolutions).map(IMarkerResolution::getLabel).toList()));
		resolution.run(marker);
		String fixed = read(file);
		assertTrue(fixed.contains(fixedText), "the file was fixed and saved:\n" + fixed);
		Workbench.build();
		assertTrue(markers(file).stream().noneMatch(m -> code.equals(m.getAttribute(ProblemMarkers.CODE, ""))),
				"the marker is gone after the build: " + markers(file));
	}

	static IMarker marker(IFile file, String code) throws CoreException {
		List<String> messages = messages(file);
		return markers(file).stream().filter(marker -> code.equals(marker.getAttribute(ProblemMarkers.CODE, "")))
				.findFirst().orElseThrow(() -> new AssertionError("no " + code + " marker on " + file + ": " + messages));
	}

	static List<IMarker> markers(IFile file) throws CoreException {
		return List.of(file.findMarkers(ProblemMarkers.TYPE, true, IResource.DEPTH_ZERO));
	}

	private static List<String> messages(IFile file) throws CoreException {
		return markers(file).stream().map(m -> m.getAttribute(IMarker.MESSAGE, "")).toList();
	}

	static String read(IFile file) throws Exception {
		try (InputStream in = file.getContents(true)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	static int lineOf(String text, String content) {
		String[] lines = text.split("\n");
		for (int i = 0; i < lines.length; i++) {
			if (lines[i].contains(content)) {
				return i + 1;
			}
		}
		throw new AssertionError("no line with " + content);
	}
}
