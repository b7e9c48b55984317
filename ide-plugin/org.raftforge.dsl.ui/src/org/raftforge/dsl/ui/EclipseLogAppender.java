package org.raftforge.dsl.ui;

import org.apache.log4j.AppenderSkeleton;
import org.apache.log4j.Level;
import org.apache.log4j.Logger;
import org.apache.log4j.spi.LoggingEvent;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;

/**
 * Xtext logs through log4j. In an Eclipse without a log4j configuration, its warnings and
 * errors go to the Error Log instead of "log4j:WARN No appenders" on the console.
 */
final class EclipseLogAppender extends AppenderSkeleton {

	/** Installs the appender unless log4j is configured already. */
	static void installIfUnconfigured() {
		Logger root = Logger.getRootLogger();
		if (!root.getAllAppenders().hasMoreElements()) {
			root.addAppender(new EclipseLogAppender());
			root.setLevel(Level.WARN);
		}
	}

	@Override
	protected void append(LoggingEvent event) {
		int severity = event.getLevel().isGreaterOrEqual(Level.ERROR) ? IStatus.ERROR : IStatus.WARNING;
		Throwable error = event.getThrowableInformation() == null ? null
				: event.getThrowableInformation().getThrowable();
		ILog.of(EclipseLogAppender.class)
				.log(new Status(severity, RaftUiPlugin.ID, event.getLoggerName() + ": " + event.getRenderedMessage(), error));
	}

	@Override
	public boolean requiresLayout() {
		return false;
	}

	@Override
	public void close() {
		// nothing held
	}
}
