package org.sparkppo.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sparkppo.env.EnvRegistry;

/**
 * Layering (defaults < files in order < --set in order) and whole-config validation: every refusal
 * names the key or file, what was expected and what was found.
 */
class PpoConfigLoaderTest {
    @TempDir
    Path dir;

    private final PpoConfigLoader loader = new PpoConfigLoader(EnvRegistry.load());

    private File file(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p.toFile();
    }

    @Test
    void defaultsAloneAreValidAndDeriveTheBatchShape() {
        PpoConfig c = loader.load(List.of(), List.of());
        assertEquals("CartPole-v1", c.envId());
        assertEquals(2 * 4 * 128, c.batchSize());
        assertEquals(97, c.numIterations()); // 97 × 1024 = 99,328 steps: never more than run.totalTimesteps
        assertEquals(4, c.minibatchesPerPartition());
        assertEquals(4, c.effectiveAveragingFrequency());
    }

    @Test
    void laterFilesWinAndSetWinsOverFiles() throws IOException {
        File a = file("a.conf", "training.learningRate = 1e-3\ntraining.numEpochs = 3\nrun.seed = 5");
        File b = file("b.conf", "training.learningRate = 2e-3");
        PpoConfig c = loader.load(List.of(a, b), List.of("run.seed=9"));
        assertEquals(2e-3, c.training().learningRate());
        assertEquals(3, c.training().numEpochs());
        assertEquals(9, c.run().seed());
        assertTrue(c.rendered().contains("learningRate=0.002"), c.rendered());
    }

    @ParameterizedTest(name = "--set {0}")
    @CsvSource(delimiter = '|', value = {
        "training.learningrate=1e-3|unknown config key 'training.learningrate'|did you mean 'training.learningRate'",
        "training.clipRange=1.5|training.clipRange|expected a number in (0.0, 1.0], found 1.5",
        "training.gamma=-0.1|training.gamma|found -0.1",
        "training.numEpochs=zero|training.numEpochs|expected a number, found string",
        "training.minibatchSize=100|training.minibatchSize|found 100",
        "training.averagingFrequency=3|training.averagingFrequency|found 3",
        "env.id=CartPole-v9|env.id|known ids: Acrobot-v1, CartPole-v1",
        "training.objective=trust-region|training.objective|expected one of ['clip', 'kl-penalty', 'clip+kl'], found 'trust-region'",
        "training.advantageNormalization=global|training.advantageNormalization|found 'global'",
        "training.sync=allreduce|training.sync|expected one of ['parameter-averaging', 'gradient', 'iteration-averaging'], found 'allreduce'",
        "model.logStdInit=3|model.logStdInit|expected a number in [-20.0, 2.0], found 3.0",
        "normalize.clipObservations=0|normalize.clipObservations|expected a number in (0.0, ∞), found 0",
        "model.hiddenSizes=64|model.hiddenSizes|expected a list",
        "model.hiddenSizes=[64, 0]|model.hiddenSizes|positive layer widths",
        "rollout.numPartitions=0|rollout.numPartitions|expected an integer >= 1, found 0",
        "run.totalTimesteps=1000|run.totalTimesteps|expected at least one iteration's batch (rollout.numPartitions × envsPerPartition × numSteps = 1024), found 1000",
        "run.seed|--set run.seed|expected key=value",
        "training.annealLearningRate=maybe|training.annealLearningRate|expected a boolean"})
    void refusalsNameTheKeyTheExpectationAndTheFinding(String override, String names, String explains) {
        BadInputException e = assertThrows(BadInputException.class, () -> loader.load(List.of(), List.of(override)));
        assertTrue(e.getMessage().contains(names), e.getMessage());
        assertTrue(e.getMessage().contains(explains), e.getMessage());
    }

    @Test
    void gradientSyncRefusesAnAveragingFrequency() {
        BadInputException e = assertThrows(BadInputException.class, () -> loader.load(List.of(),
                List.of("training.sync=gradient", "training.averagingFrequency=2")));
        assertTrue(e.getMessage().startsWith("training.averagingFrequency: expected 0 with training.sync = gradient"),
                e.getMessage());
        assertEquals(SyncMode.GRADIENT, loader.load(List.of(), List.of("training.sync=gradient")).training().sync());
    }

    @Test
    void iterationAveragingRefusesBatchAdvantageNormalization() {
        BadInputException e = assertThrows(BadInputException.class, () -> loader.load(List.of(),
                List.of("training.sync=iteration-averaging", "training.advantageNormalization=batch")));
        assertTrue(e.getMessage().startsWith("training.advantageNormalization: expected minibatch, partition or off "
                + "with training.sync = iteration-averaging"), e.getMessage());
    }

    @Test
    void unknownKeyInAFileNamesTheFile() throws IOException {
        File f = file("typo.conf", "rollout {\n  numStep = 64\n}\n");
        BadInputException e = assertThrows(BadInputException.class, () -> loader.load(List.of(f), List.of()));
        assertTrue(e.getMessage().contains("rollout.numStep"), e.getMessage());
        assertTrue(e.getMessage().contains("typo.conf"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 'rollout.numSteps'"), e.getMessage());
    }

    @Test
    void missingAndMalformedFilesAreNamed() throws IOException {
        File missing = dir.resolve("nope.conf").toFile();
        BadInputException e = assertThrows(BadInputException.class, () -> loader.load(List.of(missing), List.of()));
        assertTrue(e.getMessage().contains("nope.conf") && e.getMessage().contains("nothing at that path"),
                e.getMessage());
        File broken = file("broken.conf", "training { numEpochs = ");
        e = assertThrows(BadInputException.class, () -> loader.load(List.of(broken), List.of()));
        assertTrue(e.getMessage().contains("broken.conf"), e.getMessage());
    }

    @Test
    void shippedConfigsAreValid() {
        File folder = new File(System.getProperty("spark.ppo.repoRoot", ".."), "conf/ppo");
        File[] configs = folder.listFiles((d, n) -> n.endsWith(".conf"));
        assertTrue(configs != null && configs.length > 0, "no configs in " + folder.getAbsolutePath());
        for (File f : configs) {
            loader.load(List.of(f), List.of());
        }
    }
}
