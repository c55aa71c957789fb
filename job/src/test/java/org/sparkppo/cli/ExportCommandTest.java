package org.sparkppo.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkppo.config.BadInputException;
import org.sparkppo.config.PpoConfig;
import org.sparkppo.config.TestConfigs;
import org.sparkppo.env.Box;
import org.sparkppo.env.Discrete;
import org.sparkppo.env.EnvDynamics;
import org.sparkppo.env.EnvRegistry;
import org.sparkppo.env.Space;
import org.sparkppo.env.VectorEnv;
import org.sparkppo.eval.DeterministicEvaluation;
import org.sparkppo.eval.EpisodeResults;
import org.sparkppo.eval.EvaluationObserver;
import org.sparkppo.eval.OnnxRuntimePolicy;
import org.sparkppo.io.CheckpointStore;
import org.sparkppo.io.NormalizationJson;
import org.sparkppo.io.RunDirectory;
import org.sparkppo.model.ActorCriticNetwork;
import org.sparkppo.normalize.NormalizationStats;
import org.sparkppo.normalize.RunningMeanStd;
import org.sparkppo.seed.SplitMix64;
import org.sparkppo.train.PpoTrainer;

/**
 * {@code export --onnx} writes the run's policy; {@code evaluate --onnx} plays it through ONNX
 * Runtime and its episodes are the model's, return for return, a recurrent policy's (its LSTM state
 * fed back step by step) too; bad targets and runs are refused with
 * exit status 2 and nothing written.
 */
class ExportCommandTest {
    @TempDir
    Path output;

    private record Outcome(int status, String out, String err) {
    }

    private static Outcome cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = PpoMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * A finished run of {@code envId}: a network moved away from its initialization (so that episodes
     * differ) and observation statistics measured on real observations, saved as training saves them.
     */
    private String finishedRun(String envId, boolean withModel) {
        return finishedRun(envId, withModel, false);
    }

    /** As {@link #finishedRun(String, boolean)}, the policy an LSTM one where {@code recurrent}. */
    private String finishedRun(String envId, boolean withModel, boolean recurrent) {
        PpoConfig config = TestConfigs.load(List.of("run.seed=3", "env.id=" + envId, "normalize.observations=true",
                "model.recurrent=" + recurrent, "model.lstmHiddenSize=8"));
        EnvDynamics dynamics = EnvRegistry.load().dynamics(envId);
        Space actionSpace = dynamics.spec().actionSpace();
        int dim = dynamics.spec().observationSpace().flatDim();
        RunDirectory run = RunDirectory.open(output.toUri().toString(), envId, new Configuration());
        run.create();
        run.writeText(TrainCommand.CONFIG_FILE, config.rendered());
        if (withModel) {
            ComputationGraph net = ActorCriticNetwork.create(config, dim, actionSpace);
            double[] moved = net.params().toDoubleVector();
            SplitMix64 rng = new SplitMix64(5);
            for (int i = 0; i < moved.length; i++) {
                moved[i] += 0.3 * rng.nextGaussian();
            }
            net.setParams(Nd4j.create(moved, new long[] {1, moved.length}, DataType.DOUBLE));
            run.write(PpoTrainer.FINAL_MODEL, CheckpointStore.modelBytes(net));
            NormalizationStats initial = NormalizationStats.initial(config.normalize(), dim);
            run.write(NormalizationJson.FILE, NormalizationJson.toBytes(new NormalizationStats(
                    RunningMeanStd.ofBatch(observations(dynamics, 64), 64, dim), initial.returns())));
        }
        return output.resolve(envId).toUri().toString();
    }

    private static float[] observations(EnvDynamics dynamics, int count) {
        VectorEnv env = VectorEnv.create(dynamics, count, 17, 0);
        Space space = dynamics.spec().actionSpace();
        SplitMix64 rng = new SplitMix64(19);
        float[] actions = new float[count * env.actionDim()];
        for (int step = 0; step < 30; step++) {
            for (int i = 0; i < actions.length; i++) {
                actions[i] = space instanceof Discrete d ? rng.nextInt(d.n())
                        : (float) rng.uniform(((Box) space).low(i % env.actionDim()), ((Box) space).high(i % env.actionDim()));
            }
            env.step(actions);
        }
        return env.observations().clone();
    }

    @ParameterizedTest(name = "{0}, recurrent {1}")
    @CsvSource({"CartPole-v1, false", "Pendulum-v1, false", "CartPoleNoVel-v1, true", "PendulumNoVel-v1, true"})
    void theExportedPolicyPlaysTheModelsEpisodes(String envId, boolean recurrent) throws IOException {
        String run = finishedRun(envId, true, recurrent);
        Path onnx = output.resolve("policy.onnx");
        Outcome export = cli("export", "--run-dir", run, "--onnx", onnx.toString());
        assertEquals(PpoMain.EXIT_OK, export.status(), export.err());
        assertTrue(export.out().startsWith("wrote " + onnx + " ("), export.out());

        Outcome model = cli("evaluate", "--run-dir", run, "--episodes", "6");
        Outcome exported = cli("evaluate", "--run-dir", run, "--episodes", "6", "--onnx", onnx.toString());
        assertEquals(PpoMain.EXIT_OK, exported.status(), exported.err());
        assertEquals(model.out(), exported.out());

        // Return for return, unrounded.
        TrainedModel trained = TrainedModel.load(SavedRun.open(run));
        Space actionSpace = trained.family().spec().actionSpace();
        EpisodeResults expected = DeterministicEvaluation.run(trained.net(), trained.normalizer(), trained.family(),
                6, 3, 0, EvaluationObserver.NONE);
        try (OnnxRuntimePolicy policy = OnnxRuntimePolicy.load(Files.readAllBytes(onnx), onnx.toString(),
                trained.family().spec().observationSpace().flatDim(), actionSpace, trained.family().masksActions())) {
            EpisodeResults actual = DeterministicEvaluation.run(policy, trained.family(), 6, 3, 0,
                    EvaluationObserver.NONE);
            assertArrayEquals(expected.returns(), actual.returns(), 0.0);
            assertArrayEquals(expected.lengths(), actual.lengths());
        }
    }

    @Test
    void badTargetsAndRunsAreBadInputAndWriteNothing() throws IOException {
        String run = finishedRun("CartPole-v1", true);
        Outcome missingFolder = cli("export", "--run-dir", run, "--onnx", output.resolve("absent/p.onnx").toString());
        assertEquals(PpoMain.EXIT_BAD_INPUT, missingFolder.status());
        assertTrue(missingFolder.err().contains("--onnx: expected a file in an existing folder"), missingFolder.err());
        Outcome folder = cli("export", "--run-dir", run, "--onnx", output.toString());
        assertEquals(PpoMain.EXIT_BAD_INPUT, folder.status());
        assertTrue(folder.err().contains("which is a folder"), folder.err());
        // Linux's /proc refuses new files, to root too (permission bits would not stop the tests' root user).
        Outcome unwritable = cli("export", "--run-dir", run, "--onnx", "/proc/spark-ppo-export-test.onnx");
        assertEquals(PpoMain.EXIT_BAD_INPUT, unwritable.status());
        assertTrue(unwritable.err().contains("--onnx: expected a file in a folder this process can write"),
                unwritable.err());
        Outcome missingRun = cli("export", "--run-dir", output.resolve("nothing").toString(), "--onnx",
                output.resolve("p.onnx").toString());
        assertEquals(PpoMain.EXIT_BAD_INPUT, missingRun.status());
        assertTrue(missingRun.err().contains("--run-dir: expected a run directory with config.conf"), missingRun.err());
        Outcome noModel = cli("export", "--run-dir", finishedRun("Acrobot-v1", false), "--onnx",
                output.resolve("p.onnx").toString());
        assertEquals(PpoMain.EXIT_BAD_INPUT, noModel.status());
        assertTrue(noModel.err().contains("model.zip") && noModel.err().contains("has the run finished?"), noModel.err());
        assertFalse(Files.exists(output.resolve("p.onnx")));
        try (var files = Files.list(output)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
    }

    @Test
    void evaluateRefusesAMissingOrForeignOnnxFile() {
        String cartPole = finishedRun("CartPole-v1", true);
        Outcome missing = cli("evaluate", "--run-dir", cartPole, "--onnx", output.resolve("none.onnx").toString());
        assertEquals(PpoMain.EXIT_BAD_INPUT, missing.status());
        assertTrue(missing.err().contains("--onnx: expected a readable ONNX model file"), missing.err());

        Path pendulum = output.resolve("pendulum.onnx");
        assertEquals(PpoMain.EXIT_OK, cli("export", "--run-dir", finishedRun("Pendulum-v1", true), "--onnx",
                pendulum.toString()).status());
        Outcome foreign = cli("evaluate", "--run-dir", cartPole, "--onnx", pendulum.toString());
        assertEquals(PpoMain.EXIT_BAD_INPUT, foreign.status());
        assertTrue(foreign.err().contains("expected input 'obs' [batch, 4]"), foreign.err());

        Path garbage = output.resolve("garbage.onnx");
        Outcome unreadable = cli("evaluate", "--run-dir", cartPole, "--onnx", writeGarbage(garbage));
        assertEquals(PpoMain.EXIT_BAD_INPUT, unreadable.status());
        assertTrue(unreadable.err().contains("expected an ONNX model ONNX Runtime loads"), unreadable.err());
    }

    private static String writeGarbage(Path file) {
        try {
            Files.writeString(file, "not a model");
        } catch (IOException e) {
            throw new BadInputException("test setup: " + e.getMessage(), e);
        }
        return file.toString();
    }
}
