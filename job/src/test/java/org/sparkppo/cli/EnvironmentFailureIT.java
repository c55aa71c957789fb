package org.sparkppo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkppo.bench.SparkJobCounter;

/**
 * Real Spark ({@code local[2]}): a user environment (object API) that throws, or hangs beyond
 * {@code env.stepTimeout}, mid-run stops the run with exit status 1 and one line naming the iteration,
 * partition, environment class, env index and step, without rerunning the iteration, and leaves the
 * last checkpoint and no final model.
 */
class EnvironmentFailureIT {
    private static final String CARTPOLE_CONF = System.getProperty("spark.ppo.repoRoot", "..") + "/conf/ppo/cartpole.conf";

    @TempDir
    Path output;

    @AfterEach
    void clearSpark() {
        SparkTestProperties.clear();
    }

    @Test
    void aThrowingEnvironmentStopsTheRunWithOneLineNamingWhereAndKeepsTheCheckpoint() throws IOException {
        assertStopsAtIteration2("ValveBurst-v0", "burst", "org\\.sparkppo\\.cli\\.ValveBurstEnv \\('ValveBurst-v0'\\), "
                + "env index 0, step 40 of its episode: step threw java\\.lang\\.IllegalStateException: pressure valve "
                + "burst");
    }

    @Test
    void aHangingEnvironmentStopsTheRunAfterTheStepTimeout() throws IOException {
        assertStopsAtIteration2("Hanging-v0", "hang", "org\\.sparkppo\\.cli\\.HangingEnv \\('Hanging-v0'\\), "
                + "env index 0, step 40 of its episode: did not return within env\\.stepTimeout = 1\\.0 s",
                "env.stepTimeout=1");
    }

    /** 32 steps per env and iteration: the 40th step of every first episode falls in iteration 2. */
    private void assertStopsAtIteration2(String envId, String runId, String failure, String... overrides)
            throws IOException {
        SparkTestProperties.set("local[2]");
        SparkJobCounter.reset();
        List<String> args = new ArrayList<>(List.of("--config", CARTPOLE_CONF, "--run-id", runId, "--output-dir",
                output.toUri().toString(), "--set", "env.id=" + envId, "--set", "rollout.numSteps=32", "--set",
                "training.numEpochs=1", "--set", "training.minibatchSize=32", "--set", "run.totalTimesteps=1024",
                "--set", "run.checkpointInterval=1"));
        for (String o : overrides) {
            args.addAll(List.of("--set", o));
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = PpoMain.run(args.toArray(String[]::new), System.out, new PrintStream(err, true,
                StandardCharsets.UTF_8));
        String message = err.toString(StandardCharsets.UTF_8);
        System.err.print(message);

        assertEquals(PpoMain.EXIT_TRAINING_FAILURE, status, message);
        assertTrue(message.matches("(?s).*training failed: iteration 2, partition [01]: environment " + failure
                + "\\R.*"), message);
        assertEquals(1, message.lines().filter(l -> l.startsWith("training failed")).count(), message);
        assertFalse(message.contains("\tat org.sparkppo"), "a stack trace: " + message);
        assertEquals(2, SparkJobCounter.JOBS.get(), "iteration 2 was rerun: Spark jobs");
        Path run = output.resolve(runId);
        assertEquals(List.of("iteration-000001"), Files.list(run.resolve("checkpoints"))
                .map(p -> p.getFileName().toString()).sorted().toList());
        assertTrue(Files.notExists(run.resolve("model.zip")), "a failed run wrote a final model");
    }
}
