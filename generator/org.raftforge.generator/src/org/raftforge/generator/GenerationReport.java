package org.raftforge.generator;

import java.nio.file.Path;
import java.util.List;

import org.raftforge.generator.output.OutputWriter;

/**
 * What a generation did.
 *
 * @param variants one entry per generated variant, in the order asked for
 * @param retired  earlier outputs of variants the model no longer has, whose generated files were deleted
 * @param nanos    how long planning, templates and writing took
 */
public record GenerationReport(List<Variant> variants, List<Variant> retired, long nanos) {

	/**
	 * @param name      the variant's name
	 * @param directory OUT/&lt;cluster&gt;/&lt;variant&gt;
	 * @param files     every file and whether it was written, left unchanged, or (stale) removed or kept
	 * @param notes     what the user should know: stale files kept because they changed, an unreadable manifest
	 */
	public record Variant(String name, Path directory, List<OutputWriter.FileOutcome> files, List<String> notes) {

		public long removed() {
			return files.stream().filter(f -> f.outcome() == OutputWriter.Outcome.REMOVED).count();
		}

		public long written() {
			return files.stream().filter(f -> f.outcome() == OutputWriter.Outcome.WRITTEN).count();
		}

		public long unchanged() {
			return files.stream().filter(f -> f.outcome() == OutputWriter.Outcome.UNCHANGED).count();
		}
	}
}
