package org.raftforge.cli.launch;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.raftforge.cli.ExitCodes;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code raftforge launch MODEL [--variant V] [--target native|qemu] [--chaos kill-leader|partition] [--keep]
 * [--run-dir DIR]}.
 */
@Command(name = "launch",
		mixinStandardHelpOptions = true,
		description = { "Generate and build a variant of a model, start every node as its own process (UDP on "
				+ "loopback, files in a run directory; a channel variant is one process), wait for a leader, run the "
				+ "model's workload through the nodes' control channels while showing each node's role, term and "
				+ "commit index, shut down gracefully and check the client history for linearizability.",
				"Exits 0 only when every write was acknowledged after commit, every read returned the expected "
						+ "value and the history is linearizable; 4 when the cluster failed (the reason is printed), "
						+ "5 when the machine refused (build failed, port in use), 1 on model errors, 2 on usage errors." })
public final class LaunchCommand implements Callable<Integer> {

	@Spec
	private CommandSpec spec;

	@Parameters(paramLabel = "MODEL", description = "the .raft model")
	private Path model;

	@Option(names = "--variant", paramLabel = "V", description = "the variant to launch (default: the model's default variant)")
	private String variant;

	@Option(names = "--target", paramLabel = "native|qemu",
			description = "where the nodes run (default: the variant's own target when this RaftForge can run it, "
					+ "else native: the host stands in for the board)")
	private String target;

	@Option(names = "--chaos", paramLabel = "kill-leader|partition",
			description = { "kill-leader: kill -9 the leader mid-workload, show the new leader, restart the killed node "
					+ "from its files and show it catch up (needs a UDP variant with durable storage)",
					"partition: cut the leader off from the majority in the QEMU Ethernet hub mid-workload, show the new "
							+ "leader on the majority side and the old one stepping down, heal, show every node "
							+ "converge (needs a UDP variant on --target qemu)" })
	private String chaos;

	@Option(names = "--keep", description = "keep the run directory (node files, logs, history) after a clean run")
	private boolean keep;

	@Option(names = "--run-dir", paramLabel = "DIR",
			description = "run directory, new or empty, or one kept (--keep) by a launch of the same variant: its nodes "
					+ "restart from their files (default: OUT/<cluster>/<variant>/runs/<time>); never deleted")
	private Path runDir;

	@Option(names = { "-o", "--output" }, paramLabel = "OUT", defaultValue = "generated",
			description = "where the variant is generated (default: ${DEFAULT-VALUE})")
	private Path output;

	@Option(names = "--transcripts", description = "write every control line to the run directory's logs/")
	private boolean transcripts;

	@Option(names = "--plain", description = "plain progress lines even on a terminal (no live table)")
	private boolean plain;

	@Override
	public Integer call() throws InterruptedException {
		long commandStart = System.nanoTime();
		PrintWriter out = spec.commandLine().getOut();
		PrintWriter err = spec.commandLine().getErr();
		if (chaos != null && !chaos.equals("kill-leader") && !chaos.equals("partition")) {
			err.println("raftforge launch: error: unknown --chaos '" + chaos + "'; this launcher knows: kill-leader, "
					+ "partition");
			return ExitCodes.USAGE;
		}
		if (target != null && !target.equals("native") && !target.equals("qemu")) {
			err.println("raftforge launch: error: unknown --target '" + target + "'; choose native or qemu");
			return ExitCodes.USAGE;
		}
		ClusterSession.Request request = new ClusterSession.Request(model, variant, target, output, runDir,
				transcripts || keep, true);
		return new Launcher(new Launcher.Options(request, chaos, keep), out, err, Terminal.isInteractive() && !plain,
				commandStart).run();
	}
}
