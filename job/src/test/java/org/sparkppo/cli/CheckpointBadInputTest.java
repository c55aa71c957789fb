package org.sparkppo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkppo.config.PpoConfig;
import org.sparkppo.env.Discrete;
import org.sparkppo.normalize.NormalizationStats;
import org.sparkppo.config.TestConfigs;
import org.sparkppo.env.EnvRegistry;
import org.sparkppo.env.VectorEnv;
import org.sparkppo.io.Checkpoint;
import org.sparkppo.io.CheckpointStore;
import org.sparkppo.io.RunDirectory;
import org.sparkppo.model.ActorCriticNetwork;
import org.sparkppo.partition.PartitionState;

/**
 * Resuming from a damaged or mismatched checkpoint, or writing to an unusable output folder, is bad
 * input: exit status 2 before any Spark context starts, one message naming the file, what was
 * expected and what was found, and not a byte of the run directory changed.
 */
class CheckpointBadInputTest {
    private static final String CHECKPOINT = "r/checkpoints/iteration-000001/";

    @TempDir
    Path output;

    private final PpoConfig config = TestConfigs.load(List.of());

    /** A run directory as a run interrupted after iteration 1 leaves it, with a network of the given shape. */
    private void interruptedRun(int observationDim, int numActions) {
        interruptedRun(ActorCriticNetwork.create(config, observationDim, new Discrete(numActions)), 2, 4);
    }

    /** A run directory as a run interrupted after iteration 1 leaves it, with this network and partition layout. */
    private void interruptedRun(ComputationGraph network, int numPartitions, int envsPerPartition) {
        RunDirectory run = RunDirectory.open(output.toUri().toString(), "r", new Configuration());
        run.create();
        run.writeText(TrainCommand.CONFIG_FILE, config.rendered());
        List<PartitionState> states = new ArrayList<>();
        for (int p = 0; p < numPartitions; p++) {
            states.add(PartitionState.of(p, VectorEnv.create(EnvRegistry.load().dynamics("CartPole-v1"),
                    envsPerPartition, 0, p)));
        }
        new CheckpointStore(run, config).save(new Checkpoint(1, config.batchSize(), 1.5, network, states, 1.0,
                NormalizationStats.initial(config.normalize(), 4)));
    }

    /**
     * Rewrites the checkpoint's SHA256SUMS to match its files, as someone who edits a checkpoint by
     * hand and knows its format would: what the checks after the checksums catch.
     */
    private void reseal() throws IOException {
        StringBuilder sums = new StringBuilder();
        for (String name : List.of("config.conf", "model.zip", "trainer-state.json")) {
            sums.append(HexFormat.of().formatHex(sha256(Files.readAllBytes(output.resolve(CHECKPOINT + name)))))
                    .append("  ").append(name).append('\n');
        }
        Files.writeString(output.resolve(CHECKPOINT + "SHA256SUMS"), sums);
    }

    private void assertRefused(String fileNamed, String explanation, String... args) throws IOException {
        Map<String, byte[]> before = contents();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("--run-id", "r", "--output-dir", output.toUri().toString()));
        all.addAll(List.of(args));
        int status = PpoMain.run(all.toArray(String[]::new),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(PpoMain.EXIT_BAD_INPUT, status, message);
        assertTrue(message.contains(fileNamed), message);
        assertTrue(message.contains(explanation), message);
        assertEquals(1, message.strip().lines().count(), "one message: " + message);
        Map<String, byte[]> after = contents();
        assertEquals(before.keySet(), after.keySet(), "files of the run directory changed");
        before.forEach((file, bytes) -> assertTrue(Arrays.equals(bytes, after.get(file)), file + " changed"));
    }

    private Map<String, byte[]> contents() throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(output)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(output.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }

    private static void replace(Path file, byte[] content) throws IOException {
        Files.write(file, content);
    }

    private static void replace(Path file, String content) throws IOException {
        replace(file, content.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void fileCorruptedOnDisk() throws IOException {
        interruptedRun(4, 2);
        Path model = output.resolve(CHECKPOINT + "model.zip");
        byte[] bytes = Files.readAllBytes(model);
        bytes[bytes.length / 2] ^= 1;
        Files.write(model, bytes);
        assertRefused("iteration-000001/model.zip", "the file is truncated or corrupt");
    }

    @Test
    void oneCharacterChangedInTheTrainerState() throws IOException {
        interruptedRun(4, 2);
        Path state = output.resolve(CHECKPOINT + "trainer-state.json");
        replace(state, Files.readString(state).replace("\"klCoef\" : 1.0", "\"klCoef\" : 1.5"));
        assertRefused("iteration-000001/trainer-state.json", "(from SHA256SUMS), found");
    }

    @Test
    void checkpointWithoutItsSums() throws IOException {
        interruptedRun(4, 2);
        Files.delete(output.resolve(CHECKPOINT + "SHA256SUMS"));
        assertRefused("iteration-000001/SHA256SUMS", "expected the SHA-256 of every file of the checkpoint, found none");
    }

    @Test
    void fileBesideTheListedOnes() throws IOException {
        interruptedRun(4, 2);
        Files.writeString(output.resolve(CHECKPOINT + "notes.txt"), "hello");
        assertRefused("iteration-000001/notes.txt", "expected only the files listed in");
    }

    @Test
    void checkpointOfANetworkWithOtherHiddenLayers() throws IOException {
        interruptedRun(ActorCriticNetwork.create(TestConfigs.load(List.of("model.hiddenSizes=[32, 32]")), 4,
                new Discrete(2)), 2, 4);
        assertRefused("iteration-000001/model.zip", "expected the network the config describes (model.*), found parameter");
    }

    @Test
    void checkpointWithAnotherNumberOfPartitions() throws IOException {
        interruptedRun(ActorCriticNetwork.create(config, 4, new Discrete(2)), 3, 4);
        assertRefused("iteration-000001/trainer-state.json",
                "expected the states of rollout.numPartitions = 2 partitions, found 3");
    }

    @Test
    void checkpointWithAnotherNumberOfEnvironmentsPerPartition() throws IOException {
        interruptedRun(ActorCriticNetwork.create(config, 4, new Discrete(2)), 2, 3);
        assertRefused("iteration-000001/trainer-state.json",
                "expected partition 0 with rollout.envsPerPartition = 4 environments, found partition 0 with 3");
    }

    @Test
    void runWhoseConfigWasDeletedResumedWithAnotherBudget() throws IOException {
        interruptedRun(4, 2);
        Files.delete(output.resolve("r/config.conf"));
        assertRefused("iteration-000001/config.conf", "expected the config this run is started with",
                "--set", "run.totalTimesteps=4096");
    }

    @Test
    void modelWithAJavaSerializedEntry() throws IOException {
        interruptedRun(4, 2);
        Path model = output.resolve(CHECKPOINT + "model.zip");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(model));
             ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                out.putNextEntry(new ZipEntry(e.getName()));
                in.transferTo(out);
            }
            out.putNextEntry(new ZipEntry("preprocessor.bin"));
            out.write(new byte[] {(byte) 0xAC, (byte) 0xED, 0, 5});
        }
        replace(model, bytes.toByteArray());
        // The sums are updated too, as an attacker would: the entry check must still refuse it.
        reseal();
        assertRefused("model.zip", "found 'preprocessor.bin' (refused: DL4J would deserialize it as a Java object)");
    }

    private static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void missingModelFile() throws IOException {
        interruptedRun(4, 2);
        Files.delete(output.resolve(CHECKPOINT + "model.zip"));
        assertRefused("iteration-000001/model.zip", "expected a model file, found none");
    }

    @Test
    void truncatedModelFile() throws IOException {
        interruptedRun(4, 2);
        Path model = output.resolve(CHECKPOINT + "model.zip");
        byte[] bytes = Files.readAllBytes(model);
        replace(model, Arrays.copyOf(bytes, bytes.length / 2));
        assertRefused("iteration-000001/model.zip", "truncated or corrupt");
    }

    @Test
    void unreadableTrainerState() throws IOException {
        interruptedRun(4, 2);
        replace(output.resolve(CHECKPOINT + "trainer-state.json"), "{ not json");
        reseal();
        assertRefused("trainer-state.json", "expected JSON trainer state");
    }

    @Test
    void checkpointOfAnotherEnvironment() throws IOException {
        interruptedRun(4, 2);
        Path state = output.resolve(CHECKPOINT + "trainer-state.json");
        replace(state, Files.readString(state).replace("\"CartPole-v1\"", "\"Acrobot-v1\""));
        reseal();
        assertRefused("trainer-state.json", "expected environment 'CartPole-v1', found 'Acrobot-v1'");
    }

    @Test
    void checkpointWithAnotherObservationShape() throws IOException {
        interruptedRun(6, 3);
        assertRefused("model.zip", "expected a network for observations of size 4 and a policy output of width 2 (the environment's action "
                + "distribution), found input size 6");
    }

    @Test
    void recurrentStateThatDoesNotFitTheModel() throws IOException {
        interruptedRun(4, 2);
        Path state = output.resolve(CHECKPOINT + "trainer-state.json");
        String text = Files.readString(state);
        assertTrue(text.contains("\"recurrentState\" : [ ]"), text);
        replace(state, text.replaceFirst("\"recurrentState\" : \\[ \\]", "\"recurrentState\" : [ 0.5, 0.25, 1.0 ]"));
        reseal();
        assertRefused("trainer-state.json", "expected a recurrent state of 0 values in partition 0 "
                + "(rollout.envsPerPartition × the state width of model.*), found 3");
    }

    @Test
    void checkpointOfAnotherFormatVersion() throws IOException {
        interruptedRun(4, 2);
        Path state = output.resolve(CHECKPOINT + "trainer-state.json");
        replace(state, Files.readString(state).replace("\"formatVersion\" : 3", "\"formatVersion\" : 7"));
        reseal();
        assertRefused("trainer-state.json", "expected formatVersion 3, found 7");
    }

    @Test
    void resumingWithADifferentConfig() throws IOException {
        interruptedRun(4, 2);
        replace(output.resolve("r/config.conf"), config.rendered().replace("seed=0", "seed=1"));
        assertRefused("config.conf", "found a different one");
    }

    @Test
    void outputFolderThatCannotBeCreated() throws IOException {
        Path file = Files.writeString(output.resolve("a-file"), "not a folder");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = PpoMain.run(new String[] {"--run-id", "r", "--output-dir", file.resolve("runs").toUri().toString()},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(PpoMain.EXIT_BAD_INPUT, status, message);
        assertTrue(message.contains("--output-dir") && message.contains("expected a writable folder"), message);
        assertEquals("not a folder", Files.readString(file));
    }
}
