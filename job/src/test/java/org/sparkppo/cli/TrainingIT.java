package org.sparkppo.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sparkppo.bench.SparkJobCounter;
import org.sparkppo.metrics.EventFileAssertions;
import org.sparkppo.metrics.TensorBoardLog;
import org.sparkppo.report.LearningCurvePlots;
import org.sparkppo.report.RunReport;
import org.sparkppo.train.PpoTrainer;

/**
 * Real Spark ({@code local[2]}) training through the job's public entry point: it learns on a step
 * budget, the same seed gives bit-identical parameters also when Spark reruns a failed task, and a
 * run resumed from a checkpoint ends bit-identical to an uninterrupted one.
 */
class TrainingIT {
    private static final String CARTPOLE_CONF = System.getProperty("spark.ppo.repoRoot", "..") + "/conf/ppo/cartpole.conf";
    private static final List<String> SMALL = List.of("--set", "rollout.numSteps=32", "--set", "training.numEpochs=2",
            "--set", "training.minibatchSize=32", "--set", "run.totalTimesteps=1024", "--set", "run.checkpointInterval=2",
            "--set", "run.keepCheckpoints=5");

    @TempDir
    Path output;

    @AfterEach
    void clearSpark() {
        SparkTestProperties.clear();
    }

    /** Exit status and standard error of one run of the job's entry point. */
    private record Outcome(int status, String err) {
    }

    private Outcome run(String master, String runId, List<String> extra) {
        SparkTestProperties.set(master);
        List<String> args = new ArrayList<>(List.of("--config", CARTPOLE_CONF, "--run-id", runId,
                "--output-dir", output.toUri().toString()));
        args.addAll(extra);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = PpoMain.run(args.toArray(String[]::new), System.out, new PrintStream(err, true,
                StandardCharsets.UTF_8));
        System.err.print(err.toString(StandardCharsets.UTF_8));
        return new Outcome(status, err.toString(StandardCharsets.UTF_8));
    }

    private int train(String master, String runId, List<String> extra) {
        return run(master, runId, extra).status();
    }

    /** The small run's arguments with {@code overrides} as further {@code --set} pairs. */
    private static List<String> small(String... overrides) {
        List<String> args = new ArrayList<>(SMALL);
        for (String o : overrides) {
            args.addAll(List.of("--set", o));
        }
        return args;
    }

    private double[] finalParameters(String runId) throws IOException {
        return ModelSerializer.restoreComputationGraph(output.resolve(runId).resolve("model.zip").toFile(), true)
                .params().toDoubleVector();
    }

    @Test
    void learnsCartPoleWithinAStepBudget() throws IOException {
        SparkJobCounter.reset();
        assertEquals(0, train("local[2]", "learn", List.of("--set", "run.totalTimesteps=20480")));
        assertEquals(20480 / 1024, SparkJobCounter.JOBS.get(), "Spark jobs: one per iteration");
        assertEquals(20480 / 1024, SparkJobCounter.STAGE_ATTEMPTS.get(), "Spark stages: one per iteration");
        List<String> lines = Files.readAllLines(output.resolve("learn").resolve("episodes.csv"));
        List<Double> returns = lines.stream().skip(1).map(l -> Double.parseDouble(l.split(",")[1])).toList();
        double last20 = returns.subList(returns.size() - 20, returns.size()).stream().mapToDouble(d -> d).average()
                .orElseThrow();
        // A uniformly random policy averages about 22 on CartPole-v1.
        assertTrue(last20 > 150, "mean return of the last 20 episodes after 20480 steps: " + last20);
        BufferedImage returnsPlot = ImageIO.read(output.resolve("learn").resolve(LearningCurvePlots.RETURNS).toFile());
        assertEquals(900, returnsPlot.getWidth());
        assertEquals(500, returnsPlot.getHeight());
        BufferedImage diagnosticsPlot = ImageIO.read(output.resolve("learn").resolve(LearningCurvePlots.DIAGNOSTICS).toFile());
        assertEquals(3 * 450, diagnosticsPlot.getWidth());
        assertEquals(2 * 300, diagnosticsPlot.getHeight());
        ByteArrayOutputStream evaluation = new ByteArrayOutputStream();
        assertEquals(0, PpoMain.run(new String[] {"evaluate", "--run-dir", output.resolve("learn").toUri().toString(),
            "--episodes", "5"}, new PrintStream(evaluation, true, StandardCharsets.UTF_8), System.err));
        String summary = evaluation.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("mean return"))
                .findFirst().orElseThrow();
        double evaluated = Double.parseDouble(summary.replaceAll(".*mean return ([0-9.]+) .*", "$1"));
        assertTrue(evaluated > 150, "deterministic evaluation of the trained model: " + summary);
        // conf/ppo/cartpole.conf collects 2 partitions × 4 envs × 128 steps = 1024 steps per iteration.
        assertEquals(1 + 20480 / 1024, Files.readAllLines(output.resolve("learn").resolve("metrics.csv")).size());

        Path run = output.resolve("learn");
        assertReportEmbedsPlotsAndConfig(run);
        List<String> reportFiles = List.of(RunReport.FILE_NAME, LearningCurvePlots.RETURNS, LearningCurvePlots.DIAGNOSTICS);
        for (String file : reportFiles) {
            Files.delete(run.resolve(file));
        }
        assertEquals(0, PpoMain.run(new String[] {"report", "--run-dir", run.toUri().toString()}, System.out, System.err));
        for (String file : reportFiles) {
            assertTrue(Files.isRegularFile(run.resolve(file)), file + " was not regenerated");
        }
        assertReportEmbedsPlotsAndConfig(run);
    }

    /** report.html holds both plots as PNG data URIs identical to the files beside it, and the saved config. */
    private static void assertReportEmbedsPlotsAndConfig(Path run) throws IOException {
        String html = Files.readString(run.resolve(RunReport.FILE_NAME));
        Matcher dataUris = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
        for (String plot : List.of(LearningCurvePlots.RETURNS, LearningCurvePlots.DIAGNOSTICS)) {
            assertTrue(dataUris.find(), plot + " is not embedded");
            assertArrayEquals(Files.readAllBytes(run.resolve(plot)), Base64.getDecoder().decode(dataUris.group(1)), plot);
        }
        String config = Files.readString(run.resolve(TrainCommand.CONFIG_FILE));
        String escaped = config.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
        assertTrue(html.contains("<pre>" + escaped + "</pre>"), "the saved config is not in report.html");
    }

    @Test
    void sameSeedGivesIdenticalParametersAlsoWhenSparkRetriesAFailedTask() throws IOException {
        assertEquals(0, train("local[2]", "plain", SMALL));
        FlakyCartPole.FAILED_ONCE.set(false);
        assertEquals(0, train("local[2,2]", "retried", small("env.id=FlakyCartPole-v1")));
        assertTrue(FlakyCartPole.FAILED_ONCE.get(), "the injected task failure did not happen");
        assertArrayEquals(finalParameters("plain"), finalParameters("retried"), 0.0);
    }

    @Test
    void threePartitionsGiveIdenticalParametersRunAfterRun() throws IOException {
        assertEquals(0, train("local[3]", "three-a", small("rollout.numPartitions=3")));
        assertEquals(0, train("local[3]", "three-b", small("rollout.numPartitions=3")));
        assertArrayEquals(finalParameters("three-a"), finalParameters("three-b"), 0.0);
    }

    @Test
    void aFiniteCoefficientThatMakesTheLossInfiniteStopsTheRun() {
        // 1e308 is a valid number, but entropy × 1e308 overflows: the loss is −∞ after the first update.
        Outcome outcome = run("local[2]", "huge-entropy", small("training.entropyCoef=1e308"));
        assertEquals(PpoMain.EXIT_TRAINING_FAILURE, outcome.status(), outcome.err());
        assertTrue(outcome.err().contains("iteration 1") && outcome.err().contains("Infinity"), outcome.err());
        assertFalse(outcome.err().contains("\tat org.sparkppo"), "a stack trace: " + outcome.err());
        assertTrue(Files.notExists(output.resolve("huge-entropy").resolve("model.zip")), "a failed run wrote a final model");
    }

    @Test
    void nonFiniteTrainingStopsWithADiagnosticAndKeepsTheLastGoodCheckpoint() throws IOException {
        // 32 steps per env and iteration: rewards turn NaN in iteration 7, after 6 healthy checkpointed iterations.
        Outcome outcome = run("local[2]", "nan", small("env.id=NaNRewardCartPole-v1", "run.checkpointInterval=1",
                "run.totalTimesteps=4096"));
        String message = outcome.err();
        assertEquals(PpoMain.EXIT_TRAINING_FAILURE, outcome.status(), message);
        assertTrue(message.contains("iteration 7") && message.contains("NaN"), message);
        Path run = output.resolve("nan");
        assertEquals(List.of("iteration-000002", "iteration-000003", "iteration-000004", "iteration-000005",
                "iteration-000006"),
                Files.list(run.resolve("checkpoints")).map(p -> p.getFileName().toString()).sorted().toList());
        assertTrue(Files.notExists(run.resolve("model.zip")), "a failed run wrote a final model");
        // The last good checkpoint loads and holds finite parameters.
        double[] params = ModelSerializer.restoreComputationGraph(
                run.resolve("checkpoints/iteration-000006/model.zip").toFile(), true).params().toDoubleVector();
        assertTrue(Arrays.stream(params).allMatch(Double::isFinite));
    }

    @Test
    void resumedRunEndsBitIdenticalToAnUninterruptedOne() throws IOException {
        assertEquals(0, train("local[2]", "whole", SMALL));
        Path run = output.resolve("whole");
        Path interrupted = output.resolve("interrupted");
        copy(run, interrupted);
        // As if the driver died after the checkpoint of iteration 2 of 4: the last checkpoint and the model never written.
        delete(interrupted.resolve("checkpoints").resolve("iteration-000004"));
        Files.delete(interrupted.resolve("model.zip"));
        Files.delete(interrupted.resolve(PpoTrainer.ONNX_MODEL));

        assertEquals(0, train("local[2]", "interrupted", SMALL));
        assertArrayEquals(finalParameters("whole"), finalParameters("interrupted"), 0.0);
        assertEquals(Files.readAllLines(run.resolve("episodes.csv")),
                Files.readAllLines(interrupted.resolve("episodes.csv")));
        assertEquals(Files.readAllLines(run.resolve("metrics.csv")).size(),
                Files.readAllLines(interrupted.resolve("metrics.csv")).size());
        // The copied event file held iterations 3 and 4 already: the resumed run cut them and wrote them once.
        EventFileAssertions.assertEventsMatchTheLogs(run);
        EventFileAssertions.assertEventsMatchTheLogs(interrupted);
        assertEquals(EventFileAssertions.eventFile(run).getFileName(),
                EventFileAssertions.eventFile(interrupted).getFileName());
        // Bit-identical parameters and statistics: the same ONNX export, byte for byte.
        assertArrayEquals(Files.readAllBytes(run.resolve(PpoTrainer.ONNX_MODEL)),
                Files.readAllBytes(interrupted.resolve(PpoTrainer.ONNX_MODEL)));
    }

    /**
     * A masked (GridMaze-v0) and a MultiDiscrete (GridReach-v0) run resume bit-identical, evaluate during
     * training and afterwards, render a GIF, export an ONNX model evaluation plays (masks as its input) and
     * write the report.
     */
    @ParameterizedTest
    @ValueSource(strings = {"GridMaze-v0", "GridReach-v0"})
    void maskedAndMultiDiscreteRunsResumeBitIdenticalEvaluateRenderAndReport(String envId) throws IOException {
        List<String> args = small("env.id=" + envId, "run.evalInterval=2", "run.evalEpisodes=4");
        String whole = envId + "-whole";
        assertEquals(0, train("local[2]", whole, args));
        Path run = output.resolve(whole);
        String resumedId = envId + "-interrupted";
        Path interrupted = output.resolve(resumedId);
        copy(run, interrupted);
        delete(interrupted.resolve("checkpoints").resolve("iteration-000004"));
        Files.delete(interrupted.resolve("model.zip"));
        Files.delete(interrupted.resolve(PpoTrainer.ONNX_MODEL));
        assertEquals(0, train("local[2]", resumedId, args));
        assertArrayEquals(finalParameters(whole), finalParameters(resumedId), 0.0);
        assertEquals(Files.readAllLines(run.resolve("episodes.csv")),
                Files.readAllLines(interrupted.resolve("episodes.csv")));
        assertArrayEquals(Files.readAllBytes(run.resolve(PpoTrainer.ONNX_MODEL)),
                Files.readAllBytes(interrupted.resolve(PpoTrainer.ONNX_MODEL)));
        assertReportEmbedsPlotsAndConfig(run);

        ByteArrayOutputStream network = new ByteArrayOutputStream();
        Path gif = output.resolve(envId + ".gif");
        assertEquals(PpoMain.EXIT_OK, PpoMain.run(new String[] {"evaluate", "--run-dir", run.toUri().toString(),
                "--episodes", "3", "--render", gif.toString()}, new PrintStream(network, true, StandardCharsets.UTF_8),
                System.err));
        assertTrue(Files.size(gif) > 0, "no GIF written");
        ByteArrayOutputStream onnx = new ByteArrayOutputStream();
        assertEquals(PpoMain.EXIT_OK, PpoMain.run(new String[] {"evaluate", "--run-dir", run.toUri().toString(),
                "--episodes", "3", "--onnx", run.resolve(PpoTrainer.ONNX_MODEL).toString()},
                new PrintStream(onnx, true, StandardCharsets.UTF_8), System.err));
        List<String> networkEpisodes = network.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.startsWith("episode")).toList();
        assertEquals(3, networkEpisodes.size(), network.toString(StandardCharsets.UTF_8));
        assertEquals(networkEpisodes, onnx.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.startsWith("episode")).toList());
    }

    @Test
    void switchedOffTensorBoardAndOnnxExportWriteNothing() {
        assertEquals(0, train("local[2]", "quiet", small("run.totalTimesteps=256", "run.tensorboard=false",
                "run.exportOnnx=false")));
        assertTrue(Files.notExists(output.resolve("quiet").resolve(TensorBoardLog.FOLDER)));
        assertTrue(Files.notExists(output.resolve("quiet").resolve(PpoTrainer.ONNX_MODEL)));
        assertTrue(Files.exists(output.resolve("quiet").resolve(PpoTrainer.FINAL_MODEL)));
    }

    @Test
    void everySyncModeRunsOneJobPerIteration() throws IOException {
        for (String sync : List.of("gradient", "parameter-averaging", "iteration-averaging")) {
            SparkJobCounter.reset();
            assertEquals(0, train("local[2]", "jobs-" + sync, small("training.sync=" + sync)));
            // SMALL: 1024 steps of 2 partitions × 4 envs × 32 steps = 4 iterations.
            assertEquals(4, SparkJobCounter.JOBS.get(), sync + ": Spark jobs");
            assertEquals(4, SparkJobCounter.STAGE_ATTEMPTS.get(), sync + ": Spark stages");
        }
    }

    @Test
    void iterationAveragingRunsMorePartitionsThanSlotsAndIsDeterministic() throws IOException {
        List<String> waves = small("training.sync=iteration-averaging", "rollout.numPartitions=3");
        assertEquals(0, train("local[1]", "waves-a", waves));
        assertEquals(0, train("local[2]", "waves-b", waves));
        assertArrayEquals(finalParameters("waves-a"), finalParameters("waves-b"), 0.0);
    }

    @Test
    void barrierModeRefusesMorePartitionsThanSlotsBeforeSparkStarts() {
        Outcome outcome = run("local[2]", "too-many", small("rollout.numPartitions=3"));
        assertEquals(2, outcome.status());
        assertTrue(outcome.err().contains("rollout.numPartitions"), outcome.err());
        assertFalse(Files.exists(output.resolve("too-many")), "a refused run wrote its run directory");
    }

    @Test
    void gradientSyncIsDeterministicAndResumesBitIdentical() throws IOException {
        List<String> gradient = small("training.sync=gradient");
        assertEquals(0, train("local[2]", "gradient-a", gradient));
        assertEquals(0, train("local[2]", "gradient-b", gradient));
        assertArrayEquals(finalParameters("gradient-a"), finalParameters("gradient-b"), 0.0);

        Path interrupted = output.resolve("gradient-interrupted");
        copy(output.resolve("gradient-a"), interrupted);
        delete(interrupted.resolve("checkpoints").resolve("iteration-000004"));
        Files.delete(interrupted.resolve("model.zip"));
        assertEquals(0, train("local[2]", "gradient-interrupted", gradient));
        assertArrayEquals(finalParameters("gradient-a"), finalParameters("gradient-interrupted"), 0.0);

        assertEquals(0, train("local[2]", "averaging", SMALL));
        assertFalse(Arrays.equals(finalParameters("gradient-a"), finalParameters("averaging")),
                "gradient sync and parameter averaging gave the same parameters");
    }

    /**
     * A recurrent policy (LSTM, sequences of 8 steps, so that stored states start most of them) in
     * every sync mode: the LSTM state travels in the partition states and the checkpoints, so a run
     * resumed from the checkpoint of iteration 2 ends bit-identical to the uninterrupted one; the
     * run's {@code policy.onnx}, played by {@code evaluate --onnx}, plays the model's episodes.
     */
    @Test
    void recurrentRunResumesBitIdenticalInEverySyncMode() throws IOException {
        for (String sync : List.of("gradient", "parameter-averaging", "iteration-averaging")) {
            List<String> lstm = small("env.id=CartPoleNoVel-v1", "model.recurrent=true", "model.lstmHiddenSize=8",
                    "model.sequenceLength=8", "training.sync=" + sync);
            String whole = "lstm-" + sync;
            assertEquals(0, train("local[2]", whole, lstm));
            Path interrupted = output.resolve(whole + "-interrupted");
            copy(output.resolve(whole), interrupted);
            delete(interrupted.resolve("checkpoints").resolve("iteration-000004"));
            Files.delete(interrupted.resolve("model.zip"));
            assertEquals(0, train("local[2]", whole + "-interrupted", lstm));
            assertArrayEquals(finalParameters(whole), finalParameters(whole + "-interrupted"), 0.0, sync);
            assertEquals(Files.readAllLines(output.resolve(whole).resolve("episodes.csv")),
                    Files.readAllLines(interrupted.resolve("episodes.csv")), sync);
        }
        assertTrue(Files.exists(output.resolve("lstm-gradient").resolve(RunReport.FILE_NAME)), "the report of an LSTM run");
        String runDir = output.resolve("lstm-gradient").toUri().toString();
        Path gif = output.resolve("lstm.gif");
        String[] evaluate = {"evaluate", "--run-dir", runDir, "--episodes", "3", "--render", gif.toString()};
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        assertEquals(0, PpoMain.run(evaluate, new PrintStream(first, true, StandardCharsets.UTF_8), System.err));
        assertTrue(Files.size(gif) > 0, "evaluate --render of an LSTM run wrote no GIF");
        Files.delete(gif);
        assertEquals(0, PpoMain.run(evaluate, new PrintStream(second, true, StandardCharsets.UTF_8), System.err));
        assertEquals(first.toString(StandardCharsets.UTF_8), second.toString(StandardCharsets.UTF_8));
        assertEquals(3, first.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("episode")).count());
        ByteArrayOutputStream onnx = new ByteArrayOutputStream();
        assertEquals(0, PpoMain.run(new String[] {"evaluate", "--run-dir", runDir, "--episodes", "3", "--onnx",
                output.resolve("lstm-gradient").resolve(PpoTrainer.ONNX_MODEL).toString()},
                new PrintStream(onnx, true, StandardCharsets.UTF_8), System.err));
        assertEquals(first.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("episode")).toList(),
                onnx.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("episode")).toList(),
                "evaluate --onnx of the LSTM run's policy.onnx");
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Files.copy(p, to.resolve(from.relativize(p).toString()));
            }
        }
    }

    private static void delete(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
