package org.raftforge.cli.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.raftforge.cli.ExitCodes;

/** When a launch passes, and what it says when it does not. */
class LaunchOutcomeTest {

	@Test
	void everyWriteAcknowledgedAndEveryReadAsExpectedPasses() {
		LaunchOutcome outcome = new LaunchOutcome();
		outcome.write(true, "");
		outcome.write(true, "");
		outcome.read(true, "");
		assertTrue(outcome.ok());
		assertEquals(ExitCodes.OK, outcome.exitCode());
		assertEquals("OK: 2/2 writes acknowledged after commit, 1/1 reads as expected", outcome.summary());
	}

	@Test
	void theFirstProblemIsTheSummary() {
		LaunchOutcome outcome = new LaunchOutcome();
		outcome.write(true, "");
		outcome.write(false, "put \"k\" = \"v\" was not acknowledged (gave up after 5400 ms)");
		outcome.read(false, "get \"k\" returned absent, the model expects \"v\"");
		outcome.fail("shutdown: n2 exited with status 1");
		assertFalse(outcome.ok());
		assertEquals(ExitCodes.LAUNCH_FAILED, outcome.exitCode());
		assertEquals("FAILED: put \"k\" = \"v\" was not acknowledged (gave up after 5400 ms) (and 2 more problems); "
				+ "1/2 writes acknowledged after commit, 0/1 reads as expected", outcome.summary());
		assertEquals(3, outcome.failures().size());
	}

	@Test
	void aProblemWithoutAnyOperationFailsToo() {
		LaunchOutcome outcome = new LaunchOutcome();
		outcome.fail("no leader within 6000 ms of starting the nodes");
		assertEquals(List.of("no leader within 6000 ms of starting the nodes"), outcome.failures());
		assertEquals("FAILED: no leader within 6000 ms of starting the nodes; 0/0 writes acknowledged after commit, "
				+ "0/0 reads as expected", outcome.summary());
	}
}
