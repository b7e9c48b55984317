package org.raftforge.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.Keyword;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.raftforge.dsl.RaftStandaloneSetup;
import org.raftforge.dsl.raft.Cluster;

import com.google.inject.Injector;

/**
 * Reads .raft files for every command: parses, links and validates them with the
 * language's standalone setup (no OSGi), and turns files that cannot be models into
 * one-line errors.
 */
public final class ModelLoader {

	private static final String EXTENSION = ".raft";

	private final Injector injector = new RaftStandaloneSetup().createInjectorAndDoEMFRegistration();

	public Injector injector() {
		return injector;
	}

	/**
	 * @throws ModelFileException when the file is missing, unreadable or not a model at all
	 */
	public LoadedModel load(Path file) throws ModelFileException {
		if (!Files.exists(file)) {
			throw new ModelFileException(file + ": error: no such file", ExitCodes.USAGE);
		}
		if (Files.isDirectory(file)) {
			throw new ModelFileException(file + ": error: is a directory; name the models in it, e.g. " + file
					+ "/*" + EXTENSION, ExitCodes.USAGE);
		}
		if (!file.getFileName().toString().endsWith(EXTENSION)) {
			throw new ModelFileException(file + ": error: not a RaftForge model (expected a " + EXTENSION + " file)",
					ExitCodes.MODEL_ERRORS);
		}
		byte[] bytes;
		try {
			bytes = Files.readAllBytes(file);
		} catch (IOException e) {
			throw new ModelFileException(file + ": error: cannot read: " + e.getMessage(), ExitCodes.USAGE);
		}
		if (!isText(bytes)) {
			throw new ModelFileException(file + ": error: not a RaftForge model (binary content, not UTF-8 text)",
					ExitCodes.MODEL_ERRORS);
		}
		XtextResourceSet resourceSet = injector.getInstance(XtextResourceSet.class);
		XtextResource resource = (XtextResource) resourceSet
				.createResource(URI.createFileURI(file.toAbsolutePath().toString()));
		try {
			resource.load(new java.io.ByteArrayInputStream(bytes),
					Map.of(XtextResource.OPTION_ENCODING, StandardCharsets.UTF_8.name()));
		} catch (IOException e) {
			throw new ModelFileException(file + ": error: cannot read: " + e.getMessage(), ExitCodes.USAGE);
		}
		if (!startsLikeAModel(resource)) {
			throw new ModelFileException(file + ": error: not a RaftForge model: a model starts with "
					+ "`cluster NAME {`", ExitCodes.MODEL_ERRORS);
		}
		List<Issue> issues = new ArrayList<>(injector.getInstance(IResourceValidator.class).validate(resource,
				CheckMode.ALL, CancelIndicator.NullImpl));
		boolean syntaxErrors = issues.stream().anyMatch(Issue::isSyntaxError);
		if (syntaxErrors) {
			// the parser skipped text to recover; checks of the rest would report what it skipped
			issues.removeIf(issue -> !issue.isSyntaxError());
		}
		issues.sort(Comparator.comparing(ModelLoader::line).thenComparing(ModelLoader::column));
		Cluster cluster = resource.getContents().isEmpty() ? null : (Cluster) resource.getContents().get(0);
		return new LoadedModel(file, cluster, issues, syntaxErrors);
	}

	/** The first word of the file (after comments) is the keyword `cluster`. */
	private static boolean startsLikeAModel(XtextResource resource) {
		if (resource.getParseResult() == null || resource.getParseResult().getRootNode() == null) {
			return false;
		}
		for (ILeafNode leaf : resource.getParseResult().getRootNode().getLeafNodes()) {
			if (!leaf.isHidden()) {
				return leaf.getGrammarElement() instanceof Keyword keyword && "cluster".equals(keyword.getValue());
			}
		}
		return false;
	}

	private static boolean isText(byte[] bytes) {
		for (byte b : bytes) {
			if (b == 0) {
				return false;
			}
		}
		try {
			StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
					.onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
			return true;
		} catch (CharacterCodingException e) {
			return false;
		}
	}

	private static int line(Issue issue) {
		return issue.getLineNumber() == null ? 0 : issue.getLineNumber();
	}

	private static int column(Issue issue) {
		return issue.getColumn() == null ? 0 : issue.getColumn();
	}
}
