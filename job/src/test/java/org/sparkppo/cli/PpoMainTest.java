package org.sparkppo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command line refuses bad input with status 2, one message, and nothing written. */
class PpoMainTest {
    @TempDir
    Path output;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--set training.clipRange=2|training.clipRange",
        "--set env.id=NoSuchEnv-v0|NoSuchEnv-v0",
        "--bogus-option|--bogus-option",
        "--config|--config",
        "--config /no/such/file.conf|/no/such/file.conf",
        "--set training.minibatchSize=7|training.minibatchSize",
        "--set run.seed=NaN|run.seed: expected an integer",
        "--set rollout.numPartitions=1.9|rollout.numPartitions: expected an integer in [1, 2147483647], found 1.9",
        "--set rollout.envsPerPartition=100000 --set rollout.numSteps=100000|rollout.envsPerPartition × rollout.numSteps = 100000 × 100000"})
    void badInputExitsWithStatusTwoAndWritesNothing(String arguments, String named) {
        String[] args = (arguments + " --run-id r --output-dir " + output.toUri()).split(" ");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = PpoMain.run(args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true,
                StandardCharsets.UTF_8));
        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(PpoMain.EXIT_BAD_INPUT, status, message);
        assertTrue(message.contains(named), message);
        assertFalse(Files.exists(output.resolve("r")), "run directory was created");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"--print-config", "train --print-config"})
    void printConfigPrintsTheResolvedConfigAndStops(String arguments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = PpoMain.run(arguments.split(" "), new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertEquals(PpoMain.EXIT_OK, status);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("clipRange=0.2"));
    }
}
