package org.raftforge.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import picocli.CommandLine.IVersionProvider;

/** The version the build wrote into raftforge-version.properties. */
final class Version implements IVersionProvider {

	@Override
	public String[] getVersion() throws IOException {
		Properties properties = new Properties();
		try (InputStream in = Version.class.getResourceAsStream("raftforge-version.properties")) {
			if (in != null) {
				properties.load(in);
			}
		}
		return new String[] { "raftforge " + properties.getProperty("version", "(development build)") };
	}
}
