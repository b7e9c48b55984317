package org.raftforge.dsl.ide;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.resource.IResourceFactory;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.raftforge.dsl.raft.Cluster;

import com.google.inject.Injector;

/**
 * Turns the text of a model into a parsed, linked resource of its own. A .raft file refers
 * to nothing outside itself, so every editor buffer, builder run and request gets a fresh
 * resource set and nothing is shared between threads.
 */
public final class RaftModels {

	private final Injector injector;

	public RaftModels(Injector injector) {
		this.injector = injector;
	}

	public Injector injector() {
		return injector;
	}

	/** Parses and links {@code text} as the model at {@code uri} (the URI only names it). */
	public XtextResource parse(URI uri, String text) {
		XtextResourceSet resourceSet = injector.getInstance(XtextResourceSet.class);
		XtextResource resource = (XtextResource) injector.getInstance(IResourceFactory.class).createResource(uri);
		resourceSet.getResources().add(resource);
		try {
			resource.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
					Map.of(XtextResource.OPTION_ENCODING, StandardCharsets.UTF_8.name()));
		} catch (IOException e) {
			// reading from a byte array cannot fail
			throw new UncheckedIOException(e);
		}
		return resource;
	}

	/** Every problem of the model, as the command line reports them. */
	public List<Issue> validate(XtextResource resource, CancelIndicator cancel) {
		return resource.getResourceServiceProvider().get(IResourceValidator.class).validate(resource, CheckMode.ALL,
				cancel);
	}

	/** The cluster of a parsed model, or null when the text does not start like one. */
	public static Cluster clusterOf(XtextResource resource) {
		return !resource.getContents().isEmpty() && resource.getContents().get(0) instanceof Cluster cluster ? cluster
				: null;
	}
}
