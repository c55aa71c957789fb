package org.sparkppo.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.sparkppo.config.BadInputException;
import org.sparkppo.config.PpoConfig;
import org.sparkppo.env.EnvFamily;
import org.sparkppo.env.VectorEnv;
import org.sparkppo.model.ActorCriticNetwork;
import org.sparkppo.partition.PartitionState;
import org.sparkppo.policy.ActionDistributions;

/**
 * Driver-only: checkpoints under {@code checkpoints/iteration-NNNNNN/} of a run directory, each
 * folder written under a temporary name and renamed when complete. A folder holds
 * {@code model.zip} (DL4J's format, with the updater state), {@code trainer-state.json} (counters,
 * partition states, normalization statistics), {@code config.conf} (the resolved config the run was
 * trained with) and {@value Sha256Sums#FILE}, the SHA-256 of each of them. Only the newest
 * {@code run.keepCheckpoints} are kept.
 *
 * <p>Resuming trusts nothing: every file must match its sum, and the config, the network's shape and
 * the partition layout must be those of the run being started; anything else is bad input naming
 * the file.
 */
public final class CheckpointStore {
    public static final String FOLDER = "checkpoints";
    private static final String PREFIX = "iteration-";
    private static final String MODEL = "model.zip";
    private static final String STATE = "trainer-state.json";
    private static final String CONFIG = "config.conf";
    /** What each file of a checkpoint holds, for refusals: {@code "expected a model file, found none"}. */
    private static final Map<String, String> FILES = Map.of(MODEL, "a model file", STATE, "a trainer state file",
            CONFIG, "the resolved config of the run");
    private static final int FORMAT_VERSION = 3;

    private final RunDirectory run;
    private final PpoConfig config;
    private final ObjectMapper json = new ObjectMapper();

    /** @param config the config of the run that writes or resumes the checkpoints */
    public CheckpointStore(RunDirectory run, PpoConfig config) {
        this.run = run;
        this.config = config;
    }

    /** Writes {@code checkpoint}, then deletes all but the newest {@code run.keepCheckpoints}. */
    public void save(Checkpoint checkpoint) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(MODEL, modelBytes(checkpoint.network()));
        files.put(STATE, stateBytes(checkpoint));
        files.put(CONFIG, config.rendered().getBytes(StandardCharsets.UTF_8));
        byte[] sums = Sha256Sums.of(files).render();
        run.writeFolder(FOLDER + "/" + folderName(checkpoint.iteration()), folder -> {
            for (var file : files.entrySet()) {
                try (OutputStream out = folder.open(file.getKey())) {
                    out.write(file.getValue());
                }
            }
            try (OutputStream out = folder.open(Sha256Sums.FILE)) {
                out.write(sums);
            }
        });
        List<String> existing = run.list(FOLDER);
        for (int i = 0; i < existing.size() - config.run().keepCheckpoints(); i++) {
            run.delete(FOLDER + "/" + existing.get(i));
        }
    }

    private byte[] stateBytes(Checkpoint checkpoint) {
        ObjectNode state = json.createObjectNode();
        state.put("formatVersion", FORMAT_VERSION);
        state.put("envId", config.envId());
        state.put("iteration", checkpoint.iteration());
        state.put("totalTimesteps", checkpoint.totalTimesteps());
        state.put("elapsedSeconds", checkpoint.elapsedSeconds());
        state.put("klCoef", checkpoint.klCoef());
        NormalizationJson.write(checkpoint.normalization(), state.putObject("normalization"));
        ArrayNode partitions = state.putArray("partitionStates");
        for (PartitionState p : checkpoint.partitionStates()) {
            ObjectNode node = partitions.addObject().put("partition", p.partition())
                    .put("envSnapshot", Base64.getEncoder().encodeToString(p.envSnapshot()));
            ArrayNode returns = node.putArray("discountedReturns");
            for (double r : p.discountedReturns()) {
                returns.add(r);
            }
            ArrayNode recurrent = node.putArray("recurrentState");
            for (double v : p.recurrentState()) {
                recurrent.add(v);
            }
        }
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(state);
        } catch (IOException e) {
            throw new UncheckedIOException("encoding checkpoint state", e);
        }
    }

    /**
     * The newest checkpoint, verified file by file against its {@value Sha256Sums#FILE} and checked
     * against this run: the same config, environment, network shape and partition layout. Anything
     * else is bad input naming the file.
     */
    public Optional<Checkpoint> latest(EnvFamily family) {
        List<String> folders = run.list(FOLDER);
        if (folders.isEmpty()) {
            return Optional.empty();
        }
        String folder = FOLDER + "/" + folders.get(folders.size() - 1);
        Map<String, byte[]> files = verifiedFiles(folder);
        requireSameConfig(files.get(CONFIG), name(folder, CONFIG));

        String stateFile = name(folder, STATE);
        JsonNode state;
        try {
            state = json.readTree(files.get(STATE));
        } catch (JsonProcessingException e) {
            throw new BadInputException(stateFile + ": expected JSON trainer state, found unreadable content ("
                    + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException("parsing " + stateFile, e);
        }
        int version = state.path("formatVersion").asInt(-1);
        if (version != FORMAT_VERSION) {
            throw new BadInputException(stateFile + ": expected formatVersion " + FORMAT_VERSION + ", found "
                    + state.path("formatVersion"));
        }
        String savedEnv = state.path("envId").asText();
        if (!savedEnv.equals(config.envId())) {
            throw new BadInputException(stateFile + ": expected environment '" + config.envId() + "', found '"
                    + savedEnv + "'");
        }
        int iteration = state.path("iteration").asInt(-1);
        long steps = state.path("totalTimesteps").asLong(-1);
        if (iteration < 1 || iteration > config.numIterations() || steps != (long) iteration * config.batchSize()) {
            throw new BadInputException(stateFile + ": expected an iteration in 1.." + config.numIterations()
                    + " and " + config.batchSize() + " steps per iteration, found iteration " + state.path("iteration")
                    + " with totalTimesteps " + state.path("totalTimesteps"));
        }
        List<PartitionState> partitions = partitionStates(state.path("partitionStates"), family, stateFile);

        int observationDim = family.spec().observationSpace().flatDim();
        String modelFile = name(folder, MODEL);
        ComputationGraph net = ModelZip.read(files.get(MODEL), modelFile, observationDim,
                ActionDistributions.forSpace(family.spec().actionSpace()).paramWidth());
        requireConfiguredShape(net, ActorCriticNetwork.create(config, observationDim, family.spec().actionSpace()),
                modelFile);
        return Optional.of(new Checkpoint(iteration, steps, state.path("elapsedSeconds").asDouble(), net, partitions,
                state.path("klCoef").asDouble(), NormalizationJson.read(state.get("normalization"), stateFile,
                observationDim)));
    }

    /** The checkpoint's files, each matching its SHA-256; a missing, unlisted or altered file is refused. */
    private Map<String, byte[]> verifiedFiles(String folder) {
        String sumsFile = name(folder, Sha256Sums.FILE);
        byte[] sumsBytes = run.read(folder + "/" + Sha256Sums.FILE).orElseThrow(() -> new BadInputException(sumsFile
                + ": expected the SHA-256 of every file of the checkpoint, found none (an incomplete copy, or a "
                + "checkpoint of an older version)"));
        Sha256Sums sums = Sha256Sums.parse(sumsBytes, sumsFile);
        if (!sums.sums().keySet().equals(new TreeSet<>(FILES.keySet()))) {
            throw new BadInputException(sumsFile + ": expected the sums of " + new TreeSet<>(FILES.keySet())
                    + ", found sums of " + sums.sums().keySet());
        }
        for (String name : run.list(folder)) {
            if (!name.equals(Sha256Sums.FILE) && !FILES.containsKey(name)) {
                throw new BadInputException(name(folder, name) + ": expected only the files listed in " + sumsFile
                        + ", found this one besides them");
            }
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String name : sums.sums().keySet()) {
            String file = name(folder, name);
            byte[] content = run.read(folder + "/" + name).orElseThrow(() -> new BadInputException(file
                    + ": expected " + FILES.get(name) + ", found none"));
            sums.verify(name, content, file);
            files.put(name, content);
        }
        return files;
    }

    private void requireSameConfig(byte[] saved, String file) {
        String[] savedLines = new String(saved, StandardCharsets.UTF_8).split("\n", -1);
        String[] lines = config.rendered().split("\n", -1);
        for (int i = 0; i < Math.max(savedLines.length, lines.length); i++) {
            String was = i < savedLines.length ? savedLines[i].strip() : "(end of file)";
            String now = i < lines.length ? lines[i].strip() : "(end of file)";
            if (!was.equals(now)) {
                throw new BadInputException(file + ": expected the config this run is started with, found the "
                        + "checkpoint was written with another one (line " + (i + 1) + ": checkpoint '" + was
                        + "', now '" + now + "'); resume with the same config, or use a new --run-id");
            }
        }
    }

    private List<PartitionState> partitionStates(JsonNode nodes, EnvFamily family, String file) {
        int expected = config.rollout().numPartitions();
        int envs = config.rollout().envsPerPartition();
        if (!nodes.isArray() || nodes.size() != expected) {
            throw new BadInputException(file + ": expected the states of rollout.numPartitions = " + expected
                    + " partitions, found " + (nodes.isArray() ? nodes.size() : "none"));
        }
        List<PartitionState> partitions = new ArrayList<>();
        for (int p = 0; p < expected; p++) {
            JsonNode node = nodes.get(p);
            double[] returns = new double[node.path("discountedReturns").size()];
            for (int i = 0; i < returns.length; i++) {
                returns[i] = node.path("discountedReturns").get(i).asDouble();
            }
            double[] recurrent = new double[node.path("recurrentState").size()];
            for (int i = 0; i < recurrent.length; i++) {
                recurrent[i] = node.path("recurrentState").get(i).asDouble();
            }
            int expectedState = envs * config.model().recurrentStateWidth();
            if (recurrent.length != expectedState) {
                throw new BadInputException(file + ": expected a recurrent state of " + expectedState + " values in "
                        + "partition " + p + " (rollout.envsPerPartition × the state width of model.*), found "
                        + recurrent.length);
            }
            int index = node.path("partition").asInt(-1);
            int numEnvs;
            PartitionState state;
            try {
                state = new PartitionState(index, Base64.getDecoder().decode(node.path("envSnapshot").asText()),
                        returns, recurrent);
                numEnvs = family.restore(state.envSnapshot()).numEnvs();
            } catch (IllegalArgumentException e) {
                throw new BadInputException(file + ": expected the state of partition " + p + ", found one that "
                        + "cannot be restored (" + e.getMessage() + ")", e);
            }
            if (index != p || numEnvs != envs || (returns.length != 0 && returns.length != envs)) {
                throw new BadInputException(file + ": expected partition " + p + " with rollout.envsPerPartition = "
                        + envs + " environments, found partition " + index + " with " + numEnvs
                        + " environments and " + returns.length + " discounted returns");
            }
            partitions.add(state);
        }
        return partitions;
    }

    /** Every parameter array of {@code saved} has the shape the config gives it in {@code configured}. */
    private static void requireConfiguredShape(ComputationGraph saved, ComputationGraph configured, String file) {
        Map<String, long[]> expected = shapes(configured);
        Map<String, long[]> found = shapes(saved);
        for (String name : new TreeSet<>(expected.keySet())) {
            long[] shape = found.get(name);
            if (shape == null || !Arrays.equals(shape, expected.get(name))) {
                throw new BadInputException(file + ": expected the network the config describes (model.*), found "
                        + "parameter '" + name + "' of shape " + (shape == null ? "none" : Arrays.toString(shape))
                        + " instead of " + Arrays.toString(expected.get(name)));
            }
        }
        if (!found.keySet().equals(expected.keySet())) {
            throw new BadInputException(file + ": expected the network the config describes (model.*), found the "
                    + "parameters " + new TreeSet<>(found.keySet()) + " instead of " + new TreeSet<>(expected.keySet()));
        }
    }

    private static Map<String, long[]> shapes(ComputationGraph net) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        net.paramTable().forEach((name, array) -> shapes.put(name, array.shape()));
        return shapes;
    }

    private String name(String folder, String file) {
        return run.root() + "/" + folder + "/" + file;
    }

    static String folderName(int iteration) {
        return String.format("%s%06d", PREFIX, iteration);
    }

    /** DL4J's model zip, with the updater state, as bytes. */
    public static byte[] modelBytes(ComputationGraph net) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ModelSerializer.writeModel(net, bytes, true);
        } catch (IOException e) {
            throw new UncheckedIOException("serializing the model", e);
        }
        return bytes.toByteArray();
    }
}
