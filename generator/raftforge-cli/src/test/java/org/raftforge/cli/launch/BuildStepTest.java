package org.raftforge.cli.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A build that fails is one line: the compiler's first error (a real make and gcc run here). */
class BuildStepTest {

	@TempDir
	Path out;

	private void makefile() throws Exception {
		Files.writeString(out.resolve("Makefile"), "native: build/native/node\n"
				+ "build/native/node: main.c\n\t@mkdir -p build/native\n\tgcc -std=c11 -Wall -Werror main.c -o $@\n");
	}

	@Test
	void theCompilersFirstError() throws Exception {
		makefile();
		Files.writeString(out.resolve("main.c"), "int main(void)\n{\n    return missing + also_missing;\n}\n");
		LaunchDescription.Build build = new LaunchDescription.Build(List.of("make", "native"), "${out}",
				List.of("${out}/build/native/node"));
		BuildStep.Result result = BuildStep.run(build, new Placeholders(out, out.resolve("run")),
				out.resolve("run/logs/build.log"));
		assertFalse(result.ok());
		// gcc quotes with ' or with ‘’, as the locale says
		assertTrue(result.firstError().matches("main\\.c:3:12: error: .missing. undeclared.*"), result.firstError());
		assertTrue(Files.readString(result.log()).contains("also_missing"));
	}

	@Test
	void aBuildThatWorksAndMakesItsArtifact() throws Exception {
		makefile();
		Files.writeString(out.resolve("main.c"), "int main(void)\n{\n    return 0;\n}\n");
		LaunchDescription.Build build = new LaunchDescription.Build(List.of("make", "native"), "${out}",
				List.of("${out}/build/native/node"));
		BuildStep.Result result = BuildStep.run(build, new Placeholders(out, out.resolve("run")),
				out.resolve("run/logs/build.log"));
		assertTrue(result.ok(), result.firstError());
		LaunchDescription.Build promisesMore = new LaunchDescription.Build(List.of("make", "native"), "${out}",
				List.of("${out}/build/native/other"));
		BuildStep.Result missing = BuildStep.run(promisesMore, new Placeholders(out, out.resolve("run")),
				out.resolve("run/logs/build.log"));
		assertFalse(missing.ok());
		assertEquals("make -j2 native succeeded but did not make " + out.toAbsolutePath().normalize()
				.resolve("build/native/other"), missing.firstError());
	}

	@Test
	void firstErrorPrefersTheCompilerThenMake() {
		assertEquals("x.c:1:1: error: bad", BuildStep.firstError(List.of("cc x.c", "x.c:1:1: error: bad",
				"make: *** [Makefile:3: x] Error 1")).orElseThrow());
		assertEquals("make: *** No rule to make target 'native'.  Stop.", BuildStep.firstError(List.of(
				"make: *** No rule to make target 'native'.  Stop.")).orElseThrow());
	}
}
