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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.sparkppo.config.BadInputException;
import org.sparkppo.partition.PartitionState;

/**
 * Driver-only: checkpoints under {@code checkpoints/iteration-NNNNNN/} of a run directory, each
 * folder written under a temporary name and renamed when complete. A folder holds
 * {@code model.zip} (DL4J's format, with the updater state) and {@code trainer-state.json}
 * (counters, partition states, and the SHA-256 of {@code model.zip}, checked on load). Only the
 * newest {@code keep} are kept.
 */
public final class CheckpointStore {
    public static final String FOLDER = "checkpoints";
    private static final String PREFIX = "iteration-";
    private static final String MODEL = "model.zip";
    private static final String STATE = "trainer-state.json";
    private static final int FORMAT_VERSION = 2;

    private final RunDirectory run;
    private final ObjectMapper json = new ObjectMapper();

    public CheckpointStore(RunDirectory run) {
        this.run = run;
    }

    public void save(Checkpoint checkpoint, String envId, int keep) {
        byte[] model = modelBytes(checkpoint.network());
        ObjectNode state = json.createObjectNode();
        state.put("formatVersion", FORMAT_VERSION);
        state.put("envId", envId);
        state.put("iteration", checkpoint.iteration());
        state.put("totalTimesteps", checkpoint.totalTimesteps());
        state.put("elapsedSeconds", checkpoint.elapsedSeconds());
        state.put("modelSha256", sha256(model));
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
        }
        byte[] stateBytes;
        try {
            stateBytes = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(state);
        } catch (IOException e) {
            throw new UncheckedIOException("encoding checkpoint state", e);
        }
        run.writeFolder(FOLDER + "/" + folderName(checkpoint.iteration()), files -> {
            try (OutputStream out = files.open(MODEL)) {
                out.write(model);
            }
            try (OutputStream out = files.open(STATE)) {
                out.write(stateBytes);
            }
        });
        List<String> existing = run.list(FOLDER);
        for (int i = 0; i < existing.size() - keep; i++) {
            run.delete(FOLDER + "/" + existing.get(i));
        }
    }

    /**
     * The newest checkpoint, verified against its checksum, the environment id, and the shape of
     * the environment's spaces; a damaged or mismatched one is bad input naming its file.
     */
    public Optional<Checkpoint> latest(String envId, int observationDim, int policyWidth) {
        List<String> folders = run.list(FOLDER);
        if (folders.isEmpty()) {
            return Optional.empty();
        }
        String folder = FOLDER + "/" + folders.get(folders.size() - 1);
        String statePath = folder + "/" + STATE;
        String modelPath = folder + "/" + MODEL;
        byte[] stateBytes = run.read(statePath).orElseThrow(() -> new BadInputException("checkpoint "
                + run.root() + "/" + statePath + ": expected a trainer state file, found none"));
        byte[] model = run.read(modelPath).orElseThrow(() -> new BadInputException("checkpoint "
                + run.root() + "/" + modelPath + ": expected a model file, found none"));
        JsonNode state;
        try {
            state = json.readTree(stateBytes);
        } catch (JsonProcessingException e) {
            throw new BadInputException("checkpoint " + run.root() + "/" + statePath
                    + ": expected JSON trainer state, found unreadable content (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException("parsing " + run.root() + "/" + statePath, e);
        }
        int version = state.path("formatVersion").asInt(-1);
        if (version != FORMAT_VERSION) {
            throw new BadInputException("checkpoint " + run.root() + "/" + statePath + ": expected formatVersion "
                    + FORMAT_VERSION + ", found " + state.path("formatVersion"));
        }
        String savedEnv = state.path("envId").asText();
        if (!savedEnv.equals(envId)) {
            throw new BadInputException("checkpoint " + run.root() + "/" + statePath + ": expected environment '"
                    + envId + "', found '" + savedEnv + "'");
        }
        String expectedSha = state.path("modelSha256").asText();
        String actualSha = sha256(model);
        if (!expectedSha.equals(actualSha)) {
            throw new BadInputException("checkpoint " + run.root() + "/" + modelPath + ": expected SHA-256 "
                    + expectedSha + ", found " + actualSha + " (the file is truncated or corrupt)");
        }
        ComputationGraph net = ModelZip.read(model, "checkpoint " + run.root() + "/" + modelPath, observationDim,
                policyWidth);
        List<PartitionState> partitions = new ArrayList<>();
        for (JsonNode p : state.path("partitionStates")) {
            double[] returns = new double[p.path("discountedReturns").size()];
            for (int i = 0; i < returns.length; i++) {
                returns[i] = p.path("discountedReturns").get(i).asDouble();
            }
            partitions.add(new PartitionState(p.path("partition").asInt(),
                    Base64.getDecoder().decode(p.path("envSnapshot").asText()), returns));
        }
        return Optional.of(new Checkpoint(state.path("iteration").asInt(), state.path("totalTimesteps").asLong(),
                state.path("elapsedSeconds").asDouble(), net, partitions, state.path("klCoef").asDouble(),
                NormalizationJson.read(state.get("normalization"), "checkpoint " + run.root() + "/" + statePath,
                        observationDim)));
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

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
