package org.sparkppo.submit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkppo.metrics.EventFileAssertions;

/**
 * SIGKILL of the driver mid-run, then the same command again: the run resumes from its newest
 * checkpoint and ends with parameters bit-identical to an uninterrupted run, with the same
 * {@code episodes.csv}, and a TensorBoard event file without a repeated step.
 */
class DriverKillIT {
    @TempDir
    Path work;

    @Test
    void killedDriverResumesAndEndsBitIdentical() throws Exception {
        SubmitRuns runs = new SubmitRuns(work, "--set", "run.totalTimesteps=6144", "--set", "rollout.numSteps=64",
                "--set", "run.checkpointInterval=1");
        runs.runToSuccess("whole", "local[2]");

        Process first = runs.start("killed", "local[2]");
        Path checkpoint = runs.output().resolve("killed/checkpoints/iteration-000003");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (!Files.exists(checkpoint) && first.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(first.isAlive(), "the run ended before it could be killed:\n" + runs.tail("killed"));
        // submit.sh execs the driver JVM, so this is the driver's pid: SIGKILL, no shutdown hooks run.
        first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertFalse(Files.exists(runs.output().resolve("killed/model.zip")), "the killed run wrote a final model");

        long restart = System.nanoTime();
        runs.runToSuccess("killed", "local[2]");
        System.out.printf("DriverKillIT: the restarted run finished %.1f s after restart%n",
                (System.nanoTime() - restart) / 1e9);
        assertTrue(runs.tail("killed").contains("resuming run"), runs.tail("killed"));
        assertArrayEquals(runs.finalParameters("whole"), runs.finalParameters("killed"), 0.0);
        assertEquals(Files.readAllLines(runs.output().resolve("whole/episodes.csv")),
                Files.readAllLines(runs.output().resolve("killed/episodes.csv")));
        // The event file the killed driver was appending to holds every row and episode once, in step order.
        EventFileAssertions.assertEventsMatchTheLogs(runs.output().resolve("killed"));
    }
}
