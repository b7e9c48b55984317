package org.raftforge.dsl.ui.builder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IResourceDelta;
import org.eclipse.core.resources.IncrementalProjectBuilder;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.validation.Issue;
import org.raftforge.dsl.ide.RaftModels;
import org.raftforge.dsl.raft.Cluster;
import org.raftforge.dsl.ui.RaftUiPlugin;

/**
 * The RaftForge builder: checks every .raft file of the project into problem markers and,
 * for a model without errors, runs the generator (the same as `raftforge generate`) into
 * the project's {@value ModelGeneration#OUTPUT_FOLDER}/ folder. A model with errors keeps
 * its previous output.
 */
public class RaftBuilder extends IncrementalProjectBuilder {

	public static final String ID = "org.raftforge.dsl.ui.builder";
	private static final String EXTENSION = "raft";

	private final ModelGeneration generation = new ModelGeneration();

	@Override
	protected IProject[] build(int kind, Map<String, String> args, IProgressMonitor monitor) throws CoreException {
		List<IFile> models = new ArrayList<>();
		IResourceDelta delta = kind == FULL_BUILD ? null : getDelta(getProject());
		if (delta == null) {
			getProject().accept(resource -> collect(resource, models));
		} else {
			delta.accept(change -> change.getKind() == IResourceDelta.REMOVED || collect(change.getResource(), models));
		}
		SubMonitor progress = SubMonitor.convert(monitor, "Checking RaftForge models", models.size());
		for (IFile model : models) {
			if (progress.isCanceled()) {
				break;
			}
			progress.subTask(model.getFullPath().toString());
			build(model);
			progress.worked(1);
		}
		return null;
	}

	@Override
	protected void clean(IProgressMonitor monitor) throws CoreException {
		ProblemMarkers.clear(getProject());
	}

	/** Adds model files; does not descend into the generated output or derived folders. */
	private static boolean collect(IResource resource, List<IFile> models) {
		if (resource.isDerived() || ModelGeneration.isOutput(resource)) {
			return false;
		}
		if (resource instanceof IFile file && EXTENSION.equals(file.getFileExtension()) && file.exists()) {
			models.add(file);
		}
		return true;
	}

	private void build(IFile file) throws CoreException {
		String text;
		try {
			text = read(file);
		} catch (CharacterCodingException e) {
			ProblemMarkers.clear(file);
			ProblemMarkers.add(file, IMarker.SEVERITY_ERROR, "not a RaftForge model: the file is not " + charsetOf(file)
					+ " text (binary content?); a model is a text file that starts with `cluster NAME {`");
			return;
		} catch (IOException e) {
			ProblemMarkers.clear(file);
			ProblemMarkers.add(file, IMarker.SEVERITY_ERROR, "cannot read the model: " + e.getMessage());
			return;
		}
		RaftModels models = RaftUiPlugin.models();
		XtextResource resource = models.parse(URI.createPlatformResourceURI(file.getFullPath().toString(), true), text);
		List<Issue> issues = models.validate(resource, () -> false);
		ProblemMarkers.replace(file, issues);
		Cluster cluster = RaftModels.clusterOf(resource);
		if (cluster != null && issues.stream().noneMatch(issue -> issue.getSeverity() == Severity.ERROR)) {
			generation.generate(file, cluster);
		}
	}

	private static String read(IFile file) throws CoreException, IOException {
		try (InputStream in = file.getContents(true)) {
			byte[] bytes = in.readAllBytes();
			return Charset.forName(charsetOf(file)).newDecoder().onMalformedInput(CodingErrorAction.REPORT)
					.onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
		}
	}

	private static String charsetOf(IFile file) {
		try {
			return file.getCharset();
		} catch (CoreException e) {
			return "UTF-8";
		}
	}
}
