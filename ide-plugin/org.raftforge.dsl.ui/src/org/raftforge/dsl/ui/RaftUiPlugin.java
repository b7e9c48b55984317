package org.raftforge.dsl.ui;

import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.ui.plugin.AbstractUIPlugin;
import org.osgi.framework.BundleContext;
import org.raftforge.dsl.ide.RaftIdeSetup;
import org.raftforge.dsl.ide.RaftModels;

import com.google.inject.Injector;

/**
 * The plugin's one piece of shared state: the language's injector (runtime and ide
 * services, as the language server uses them), made on first use.
 */
public class RaftUiPlugin extends AbstractUIPlugin {

	public static final String ID = "org.raftforge.dsl.ui";

	private static RaftUiPlugin instance;

	private volatile RaftModels models;

	@Override
	public void start(BundleContext context) throws Exception {
		super.start(context);
		instance = this;
		EclipseLogAppender.installIfUnconfigured();
	}

	@Override
	public void stop(BundleContext context) throws Exception {
		instance = null;
		super.stop(context);
	}

	public static RaftUiPlugin get() {
		return instance;
	}

	/** Parsing and validation with the language's injector. */
	public static RaftModels models() {
		RaftUiPlugin plugin = get();
		if (plugin.models == null) {
			synchronized (plugin) {
				if (plugin.models == null) {
					Injector injector = new RaftIdeSetup().createInjectorAndDoEMFRegistration();
					plugin.models = new RaftModels(injector);
				}
			}
		}
		return plugin.models;
	}

	public static <T> T service(Class<T> type) {
		return models().injector().getInstance(type);
	}

	public static void log(String message, Throwable error) {
		ILog.of(RaftUiPlugin.class).log(new Status(IStatus.ERROR, ID, message, error));
	}
}
