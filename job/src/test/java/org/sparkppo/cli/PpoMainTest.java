package org.sparkppo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

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
        "--set rollout.envsPerPartition=100000 --set rollout.numSteps=100000|rollout.envsPerPartition × rollout.numSteps = 100000 × 100000",
        "--set model.hiddenSizes=[20000,20000]|exceeding spark.driver.maxResultSize",
        "--set model.hiddenSizes=[3500,3500] --set rollout.numPartitions=8|the driver needs at least"})
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

    static Stream<Arguments> misnamedCommandsAndPaths() {
        return Stream.of(
            arguments(List.of("evalute", "--run-dir", "x"), "error: expected a command (train, evaluate, export, report, "
                    + "benchmark, bench, check-env) or train's options, found 'evalute'; did you mean 'evaluate'?"),
            arguments(List.of("reprot", "--run-dir", "x"), "error: expected a command (train, evaluate, export, report, "
                    + "benchmark, bench, check-env) or train's options, found 'reprot'; did you mean 'report'?"),
            arguments(List.of("evaluate", "--run-dir", "/"), "error: --run-dir: expected a run directory "
                    + "<output-dir>/<run-id>, found '/', the root folder of its file system"),
            arguments(List.of("report", "--run-dir", ""), "error: --run-dir: expected a run directory "
                    + "<output-dir>/<run-id>, found an empty name"),
            arguments(List.of("evaluate", "--run-dir", "runs/a:b"), "error: --run-dir: expected a run directory whose "
                    + "name, the run id, has"),
            arguments(List.of("--output-dir", "", "--run-id", "r-with-an-empty-output-dir"),
                    "error: --output-dir: expected a folder path or Hadoop URI, found an empty name"),
            arguments(List.of("--run-id", "a:b"), "error: --run-id: expected a name of 1 to 255 letters"),
            arguments(List.of("--output-dir", "s3a://bucket/runs", "--run-id", "r"), "error: --output-dir: expected a "
                    + "path on a file system this job can reach"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("misnamedCommandsAndPaths")
    void aMisnamedCommandOrPathBlamesTheOptionGiven(List<String> args, String message) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = PpoMain.run(args.toArray(String[]::new), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String printed = err.toString(StandardCharsets.UTF_8);
        assertEquals(PpoMain.EXIT_BAD_INPUT, status, printed);
        assertTrue(printed.startsWith(message), printed);
        for (String option : List.of("--run-id", "--output-dir", "--run-dir")) {
            assertTrue(args.contains(option) || !printed.contains(option), "blames " + option + ": " + printed);
        }
        assertFalse(printed.contains("Unmatched"), printed);
    }

    @Test
    void aStartThatMadeNoCheckpointDoesNotBindTheRunToItsConfig() throws IOException {
        assumeTrue(System.getProperty("spark.master") == null, "Spark must refuse to start for lack of a master");
        Path run = Files.createDirectories(output.resolve("r"));
        Files.writeString(run.resolve(TrainCommand.CONFIG_FILE), "left behind by a start that failed\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = PpoMain.run(new String[] {"--run-id", "r", "--output-dir", output.toUri().toString(), "--set",
            "run.seed=3"}, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        String printed = err.toString(StandardCharsets.UTF_8);
        // Past every check, the run fails only where Spark starts.
        assertEquals(PpoMain.EXIT_TRAINING_FAILURE, status, printed);
        assertTrue(printed.startsWith("training failed: ") && printed.contains("A master URL must be set"), printed);
        assertTrue(Files.readString(run.resolve(TrainCommand.CONFIG_FILE)).contains("seed=3"));
    }

    @Test
    void aCommandThatDoesNotTrainSaysItsOwnNameWhenItFails() throws IOException {
        // A run folder whose metrics log is a folder: reading it fails in the file system, not in the input checks.
        Path run = Files.createDirectories(output.resolve("broken"));
        Files.writeString(run.resolve(TrainCommand.CONFIG_FILE), "env.id = \"CartPole-v1\"\n");
        Files.createDirectories(run.resolve("metrics.jsonl"));
        Files.writeString(run.resolve("episodes.csv"), "global_step,return,length\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = PpoMain.run(new String[] {"report", "--run-dir", run.toUri().toString()},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        String printed = err.toString(StandardCharsets.UTF_8);
        assertEquals(PpoMain.EXIT_TRAINING_FAILURE, status, printed);
        assertTrue(printed.startsWith("report failed: reading ") && printed.contains("metrics.jsonl"), printed);
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
