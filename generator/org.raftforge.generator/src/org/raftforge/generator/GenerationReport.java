package org.raftforge.generator;

import java.nio.file.Path;
import java.util.List;

import org.raftforge.generator.output.OutputWriter;

/**
 * What a generation did.
 *
 * @param variants one entry per generated variant, in the order asked for
 * @param nanos    how long planning, templates and writing took
 */
public record GenerationReport(List<Variant> variants, long nanos) {

	/**
	 * @param name      the variant's name
	 * @param directory OUT/&lt;cluster&gt;/&lt;variant&gt;
	 * @param files     every file and whether it was written or left unchanged
	 */
	public record Variant(String name, Path directory, List<OutputWriter.FileOutcome> files) {

		public long written() {
			return files.stream().filter(f -> f.outcome() == OutputWriter.Outcome.WRITTEN).count();
		}

		public long unchanged() {
			return files.stream().filter(f -> f.outcome() == OutputWriter.Outcome.UNCHANGED).count();
		}
	}
}
