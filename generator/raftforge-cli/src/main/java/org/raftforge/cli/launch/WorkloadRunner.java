package org.raftforge.cli.launch;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the model's workload steps with one client, checks each answer against the model's expectation, and keeps
 * the state every acknowledged write implies, so that the cluster can be asked afterwards whether an acknowledged
 * write was lost (after a crash, say).
 */
public final class WorkloadRunner {

	/** What a key should hold after the writes so far: a value, absent, or unknown (a write with no answer). */
	private record Expected(Optional<byte[]> value, boolean known) {
		static final Expected ABSENT = new Expected(Optional.empty(), true);
		static final Expected UNKNOWN = new Expected(Optional.empty(), false);
	}

	private final KvClient client;
	private final LaunchDescription description;
	private final ProgressPrinter progress;
	private final LaunchOutcome outcome;
	private final Map<String, Expected> expected = new LinkedHashMap<>();

	public WorkloadRunner(KvClient client, LaunchDescription description, ProgressPrinter progress,
			LaunchOutcome outcome) {
		this.client = client;
		this.description = description;
		this.progress = progress;
		this.outcome = outcome;
	}

	public void run(List<LaunchDescription.WorkloadStep> steps) throws InterruptedException {
		for (LaunchDescription.WorkloadStep step : steps) {
			run(step);
		}
	}

	public void run(LaunchDescription.WorkloadStep step) throws InterruptedException {
		byte[] key = step.key().getBytes(StandardCharsets.UTF_8);
		String shown = "\"" + step.key() + "\"";
		switch (step.op()) {
		case "put" -> {
			byte[] value = step.value().getBytes(StandardCharsets.UTF_8);
			KvClient.Result result = client.put(key, value);
			String what = "put " + shown + " = \"" + step.value() + "\"";
			recordWrite(what, result, step.key(), new Expected(Optional.of(value), true));
		}
		case "delete" -> {
			KvClient.Result result = client.delete(key);
			recordWrite("delete " + shown, result, step.key(), Expected.ABSENT);
		}
		case "get" -> {
			KvClient.Result result = client.get(key);
			String what = "get " + shown;
			if (result.status() != KvClient.Status.DONE) {
				progress.say(line(what, "no answer: " + result.detail(), result));
				outcome.read(false, what + " got no answer (" + result.detail() + ")");
				return;
			}
			String got = result.found().map(PercentEncoding::readable).orElse("absent");
			if (step.expect() != null || step.expectAbsent()) {
				Optional<byte[]> want = step.expectAbsent() ? Optional.empty()
						: Optional.of(step.expect().getBytes(StandardCharsets.UTF_8));
				boolean same = sameValue(want, result.found());
				String wanted = want.map(PercentEncoding::readable).orElse("absent");
				progress.say(line(what, got + (same ? " (as expected)" : ", expected " + wanted), result));
				outcome.read(same, what + " returned " + got + ", the model expects " + wanted);
			} else {
				progress.say(line(what, got, result));
				outcome.read(true, "");
			}
		}
		default -> throw new IllegalArgumentException("unknown workload step " + step.op());
		}
	}

	private void recordWrite(String what, KvClient.Result result, String key, Expected after) {
		switch (result.status()) {
		case DONE -> {
			expected.put(key, after);
			progress.say(line(what, "acknowledged after commit", result));
			outcome.write(true, "");
		}
		case REFUSED -> {
			progress.say(line(what, "refused: " + result.detail(), result));
			outcome.write(false, what + " was refused: " + result.detail());
		}
		case UNKNOWN -> {
			expected.put(key, Expected.UNKNOWN);
			progress.say(line(what, "no acknowledgement: " + result.detail(), result));
			outcome.write(false, what + " was not acknowledged (" + result.detail() + ")");
		}
		}
	}

	/**
	 * Reads back every key the workload wrote and checks it holds what the acknowledged writes left there; keys with
	 * an unanswered write are read too (for the history) but not judged here (the linearizability check does).
	 *
	 * @return the number of keys found changed
	 */
	public int verifyAcknowledgedWrites() throws InterruptedException {
		int lost = 0;
		for (Map.Entry<String, Expected> entry : expected.entrySet()) {
			KvClient.Result result = client.get(entry.getKey().getBytes(StandardCharsets.UTF_8));
			String what = "read back \"" + entry.getKey() + "\"";
			if (result.status() != KvClient.Status.DONE) {
				progress.say(line(what, "no answer: " + result.detail(), result));
				outcome.read(false, what + " got no answer (" + result.detail() + ")");
				continue;
			}
			String got = result.found().map(PercentEncoding::readable).orElse("absent");
			Expected want = entry.getValue();
			if (!want.known()) {
				progress.say(line(what, got + " (its last write had no answer: either outcome is possible)", result));
				outcome.read(true, "");
				continue;
			}
			boolean same = sameValue(want.value(), result.found());
			String wanted = want.value().map(PercentEncoding::readable).orElse("absent");
			progress.say(line(what, got + (same ? " (as acknowledged)" : ", but the acknowledged writes left " + wanted),
					result));
			outcome.read(same, "acknowledged write lost: \"" + entry.getKey() + "\" reads " + got + ", expected "
					+ wanted);
			if (!same) {
				lost++;
			}
		}
		return lost;
	}

	private static boolean sameValue(Optional<byte[]> a, Optional<byte[]> b) {
		return a.isPresent() == b.isPresent() && (a.isEmpty() || Arrays.equals(a.get(), b.get()));
	}

	private String line(String what, String result, KvClient.Result details) {
		return String.format(Locale.ROOT, "  %s: %s (%.1f ms%s%s)", what, result, details.nanos() / 1e6,
				details.attempts() > 1 ? ", " + details.attempts() + " attempts" : "",
				details.node() > 0 ? ", answered by " + description.nodeName(details.node()) : "");
	}
}
