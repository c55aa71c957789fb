package org.sparkppo.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
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
        "training.numEpochs=zero|training.numEpochs|expected an integer in [1, 2147483647], found string",
        "training.minibatchSize=100|training.minibatchSize|found 100",
        "training.averagingFrequency=3|training.averagingFrequency|found 3",
        "env.id=CartPole-v9|env.id|known ids: Acrobot-v1, CartPole-v1",
        "env.stepTimeout=-1|env.stepTimeout|expected a number in [0.0, 86400.0], found -1",
        "env.id=MaskedBox-v0|env.id|expected an environment that masks actions to have a Discrete or MultiDiscrete action space, found 'MaskedBox-v0' (org.sparkppo.cli.MaskedBoxEnv)",
        "training.objective=trust-region|training.objective|expected one of ['clip', 'kl-penalty', 'clip+kl'], found 'trust-region'",
        "training.advantageNormalization=global|training.advantageNormalization|found 'global'",
        "training.sync=allreduce|training.sync|expected one of ['parameter-averaging', 'gradient', 'iteration-averaging'], found 'allreduce'",
        "model.logStdInit=3|model.logStdInit|expected a number in [-20.0, 2.0], found 3",
        "normalize.clipObservations=0|normalize.clipObservations|expected a number in (0.0, ∞), found 0",
        "model.hiddenSizes=64|model.hiddenSizes|expected a non-empty list of layer widths",
        "model.hiddenSizes=[64, 0]|model.hiddenSizes|(element 2 is 0)",
        "rollout.numPartitions=0|rollout.numPartitions|expected an integer in [1, 2147483647], found 0",
        "run.totalTimesteps=1000|run.totalTimesteps|expected at least one iteration's batch (rollout.numPartitions × envsPerPartition × numSteps = 2 × 512 = 1024), found 1000",
        "run.seed|--set run.seed|expected key=value",
        "training.annealLearningRate=maybe|training.annealLearningRate|expected a boolean",
        "run.tensorboard=yes please|run.tensorboard|expected a boolean"})
    void refusalsNameTheKeyTheExpectationAndTheFinding(String override, String names, String explains) {
        BadInputException e = assertThrows(BadInputException.class, () -> loader.load(List.of(), List.of(override)));
        assertTrue(e.getMessage().contains(names), e.getMessage());
        assertTrue(e.getMessage().contains(explains), e.getMessage());
    }

    @ParameterizedTest(name = "--set {0}")
    @CsvSource(delimiter = '|', value = {
        "run.seed=NaN|run.seed: expected an integer in [-9223372036854775808, 9223372036854775807], found NaN",
        "run.seed=Infinity|run.seed: expected an integer in [-9223372036854775808, 9223372036854775807], found Infinity",
        "run.seed=-Infinity|run.seed: expected an integer in [-9223372036854775808, 9223372036854775807], found -Infinity",
        "run.seed=1e30|run.seed: expected an integer in [-9223372036854775808, 9223372036854775807], found 1.0E30",
        "run.seed=0.5|run.seed: expected an integer in [-9223372036854775808, 9223372036854775807], found 0.5",
        "run.seed=0x10|run.seed: expected an integer in [-9223372036854775808, 9223372036854775807], found string \"0x10\"",
        "rollout.numPartitions=1.9|rollout.numPartitions: expected an integer in [1, 2147483647], found 1.9",
        "rollout.envsPerPartition=-3|rollout.envsPerPartition: expected an integer in [1, 2147483647], found -3",
        "rollout.numSteps=1e308|rollout.numSteps: expected an integer in [1, 2147483647], found 1.0E308",
        "rollout.numSteps=2147483648|rollout.numSteps: expected an integer in [1, 2147483647], found 2147483648",
        "run.totalTimesteps=1e19|run.totalTimesteps: expected an integer in [1, 9223372036854775807], found 1.0E19",
        "run.totalTimesteps=9223372036854775808|run.totalTimesteps: expected an integer in [1, 9223372036854775807], found",
        "run.checkpointInterval=true|run.checkpointInterval: expected an integer in [1, 2147483647], found boolean true",
        "training.numEpochs=[4]|training.numEpochs: expected an integer in [1, 2147483647], found list [4]",
        "run.evalEpisodes=2000000000|run.evalEpisodes: expected an integer in [1, 100000], found 2000000000",
        "model.hiddenSizes=[64, 64.5]|model.hiddenSizes: expected a non-empty list of layer widths, whole numbers in [1, 2147483647], such as [64, 64], found [64,64.5] (element 2 is 64.5)",
        "model.hiddenSizes=[64, sixty]|model.hiddenSizes: expected a non-empty list of layer widths, whole numbers in [1, 2147483647], such as [64, 64], found [64,\"sixty\"] (element 2 is sixty)",
        "model.hiddenSizes=[0]|(element 1 is 0)",
        "model.hiddenSizes=[]|model.hiddenSizes: expected a non-empty list of layer widths, whole numbers in [1, 2147483647], such as [64, 64], found []",
        "model.hiddenSizes=[3000000000]|(element 1 is 3000000000)",
        "training.gamma=NaN|training.gamma: expected a number in [0.0, 1.0], found NaN",
        "training.learningRate=1e400|training.learningRate: expected a number in (0.0, 1.0], found",
        "normalize.clipRewards=Infinity|normalize.clipRewards: expected a number in (0.0, ∞), found Infinity",
        "training.entropyCoef=-Infinity|training.entropyCoef: expected a number in [0.0, ∞), found -Infinity"})
    void numbersAreRefusedNeverRoundedOrClamped(String override, String message) {
        BadInputException e = assertThrows(BadInputException.class, () -> loader.load(List.of(), List.of(override)));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void wholeNumbersWrittenAsDecimalsOrExponentsAreTheIntegersTheyName() {
        PpoConfig c = loader.load(List.of(), List.of("run.totalTimesteps=1e6", "run.seed=5.0", "rollout.numSteps=\"128\""));
        assertEquals(1_000_000, c.run().totalTimesteps());
        assertEquals(5, c.run().seed());
        assertEquals(128, c.rollout().numSteps());
        assertEquals(Long.MIN_VALUE, loader.load(List.of(), List.of("run.seed=-9223372036854775808")).run().seed());
        assertEquals(List.of(32, 16), loader.load(List.of(), List.of("model.hiddenSizes=[32.0, 16]")).model().hiddenSizes());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "rollout.envsPerPartition=100000;rollout.numSteps=100000|rollout.envsPerPartition × rollout.numSteps = 100000 × 100000 = 10000000000 exceeds 2147483647, the most samples one partition can hold",
        "rollout.envsPerPartition=100000;rollout.numSteps=10000|rollout.envsPerPartition × rollout.numSteps = 100000 × 10000 = 1000000000 samples × 4 observation values (CartPole-v1) = 4000000000 exceeds 2147483647",
        "rollout.numPartitions=100000;rollout.envsPerPartition=1000;rollout.numSteps=1000|rollout.numPartitions × envsPerPartition × numSteps = 100000 × 1000000 = 100000000000 exceeds 2147483647, the most environment steps one iteration can count",
        "run.totalTimesteps=9000000000000000000|run.totalTimesteps: expected at most 2147483647 iterations (an int counts them), found 9000000000000000000 / (rollout.numPartitions × envsPerPartition × numSteps = 2 × 512 = 1024) = 8789062500000000",
        "run.totalTimesteps=1000000000000;training.minibatchSize=2|the run's optimizer steps, iterations × training.numEpochs × minibatches per partition = 976562500 × 4 × 256 = 1.000e+12, exceed 2147483647",
        "training.numEpochs=2147483647|the run's optimizer steps, iterations × training.numEpochs × minibatches per partition = 97 × 2147483647 × 4 = ",
        "model.hiddenSizes=[100000, 100000]|model.hiddenSizes: expected a network of at most 2147483647 parameters (DL4J and Spark carry them in one array), found [100000, 100000], whose hidden layers alone hold 20000800000 weights",
        "model.hiddenSizes=[2147483647, 2147483647, 2147483647, 2147483647]|model.hiddenSizes: expected a network of at most 2147483647 parameters"})
    void sizesThatOverflowTheirCountersAreRefusedWithTheArithmetic(String overrides, String message) {
        BadInputException e = assertThrows(BadInputException.class,
                () -> loader.load(List.of(), List.of(overrides.split(";"))));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
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

    /** Defaults: 128 steps per rollout, minibatches of 128. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "model.sequenceLength=48 | model.sequenceLength: expected 0 (the whole rollout) or a divisor of rollout.numSteps = 128, found 48",
        "training.minibatchSize=64 | training.minibatchSize: expected a multiple of the sequence length 128 (model.sequenceLength = 0: rollout.numSteps) with model.recurrent = true",
        "model.lstmHiddenSize=0 | model.lstmHiddenSize: expected an integer in [1, 4096], found 0",
        "model.sequenceLength=-1 | model.sequenceLength: expected an integer in [0, ",
        "model.activation=sigmoid | model.activation: expected"})
    void recurrentModelRefusalsNameTheKey(String override, String message) {
        BadInputException e = assertThrows(BadInputException.class, () -> loader.load(List.of(),
                List.of("model.recurrent=true", override)));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
        PpoConfig loaded = loader.load(List.of(), List.of("model.recurrent=true", "model.sequenceLength=16",
                "training.minibatchSize=64"));
        assertTrue(loaded.run().exportOnnx(), "a recurrent run exports its ONNX model by default");
        ModelSettings model = loaded.model();
        assertEquals(16, model.sequenceLength(128));
        assertEquals(2 * 2 * 64, model.recurrentStateWidth());
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
    void includesAreRequired() throws IOException {
        file("base.conf", "training.numEpochs = 7\n");
        PpoConfig included = loader.load(List.of(file("ok.conf", "include \"base.conf\"\nrun.seed = 2\n")), List.of());
        assertEquals(7, included.training().numEpochs());
        assertEquals(2, included.run().seed());
        for (String include : List.of("include \"missing.conf\"", "include file(\"missing.conf\")",
                "include required(\"missing.conf\")", "include \"missing\"")) {
            File f = file("with-include.conf", include + "\nrun.seed = 2\n");
            BadInputException e = assertThrows(BadInputException.class, () -> loader.load(List.of(f), List.of()),
                    include);
            assertTrue(e.getMessage().startsWith("config file " + f) && e.getMessage().contains("missing"),
                    e.getMessage());
        }
        File nested = file("nested.conf", "include \"gone.conf\"\n");
        File outer = file("outer.conf", "include \"nested.conf\"\n");
        BadInputException e = assertThrows(BadInputException.class, () -> loader.load(List.of(outer), List.of()));
        assertTrue(e.getMessage().contains("gone.conf"), e.getMessage());
        assertTrue(nested.isFile());
    }

    @Test
    void aConfigPathThatIsNoTextFileSaysWhatItIs() throws IOException {
        File folder = Files.createDirectory(dir.resolve("a-folder.conf")).toFile();
        File zeros = dir.resolve("model.zip").toFile();
        Files.write(zeros.toPath(), new byte[] {'P', 'K', 3, 4, 0, 0, 1});
        File latin1 = dir.resolve("latin1.conf").toFile();
        Files.write(latin1.toPath(), new byte[] {'r', 'u', 'n', '.', 's', 'e', 'e', 'd', '=', '1', ' ', '#', (byte) 0xE9});
        for (Object[] c : new Object[][] {{folder, "found a directory"},
                {zeros, "found binary content (a zero byte at offset 4)"},
                {latin1, "found binary content (bytes that are not UTF-8 text)"}}) {
            BadInputException e = assertThrows(BadInputException.class,
                    () -> loader.load(List.of((File) c[0]), List.of()));
            assertEquals("config file " + c[0] + ": expected a readable HOCON text file, " + c[1], e.getMessage());
        }
    }

    /** Every config in conf/ppo loads; inventory.conf's environment is the worked example from env-partitions' tests. */
    @Test
    void shippedConfigsAreValid() throws IOException {
        String repo = System.getProperty("spark.ppo.repoRoot", "..");
        File folder = new File(repo, "conf/ppo");
        File[] configs = folder.listFiles((d, n) -> n.endsWith(".conf"));
        assertTrue(configs != null && configs.length > 0, "no configs in " + folder.getAbsolutePath());
        URL example = new File(repo, "env-partitions/target/test-classes").toURI().toURL();
        try (URLClassLoader withExample = new URLClassLoader(new URL[] {example}, getClass().getClassLoader())) {
            PpoConfigLoader withExampleLoader = new PpoConfigLoader(EnvRegistry.load(withExample));
            for (File f : configs) {
                withExampleLoader.load(List.of(f), List.of());
            }
        }
    }
}
