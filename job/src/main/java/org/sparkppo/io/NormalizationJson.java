package org.sparkppo.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.sparkppo.config.BadInputException;
import org.sparkppo.normalize.NormalizationStats;
import org.sparkppo.normalize.RunningMeanStd;

/**
 * {@link NormalizationStats} as JSON, in checkpoints' {@code trainer-state.json} and in a run's
 * {@code normalization.json} beside the final model: {@code {"observations": {"count", "mean",
 * "var"} | null, "returns": … | null}}. Doubles round-trip exactly through Jackson.
 */
public final class NormalizationJson {
    /** The file beside a run's final model that evaluation reads. */
    public static final String FILE = "normalization.json";

    private NormalizationJson() {
    }

    /** The statistics as a standalone JSON document ({@value #FILE}). */
    public static byte[] toBytes(NormalizationStats stats) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        write(stats, root);
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("encoding normalization statistics", e);
        }
    }

    /** Reads a standalone {@value #FILE} document. */
    public static NormalizationStats fromBytes(byte[] bytes, String file, int observationDim) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(bytes);
        } catch (IOException e) {
            throw new BadInputException(file + ": expected JSON normalization statistics, found unreadable content ("
                    + e.getMessage() + ")", e);
        }
        return read(root, file, observationDim);
    }

    public static void write(NormalizationStats stats, ObjectNode into) {
        put(into, "observations", stats.observations());
        put(into, "returns", stats.returns());
    }

    private static void put(ObjectNode into, String name, RunningMeanStd stats) {
        if (stats == null) {
            into.putNull(name);
            return;
        }
        ObjectNode node = into.putObject(name);
        node.put("count", stats.count());
        double[] mean = stats.mean();
        double[] var = stats.var();
        var meanArray = node.putArray("mean");
        var varArray = node.putArray("var");
        for (int j = 0; j < mean.length; j++) {
            meanArray.add(mean[j]);
            varArray.add(var[j]);
        }
    }

    /**
     * @param file how errors name the source
     * @param observationDim expected width of the observation statistics
     */
    public static NormalizationStats read(JsonNode node, String file, int observationDim) {
        if (node == null || !node.isObject()) {
            throw new BadInputException(file + ": expected normalization statistics (an object with 'observations' "
                    + "and 'returns'), found " + (node == null ? "none" : node.getNodeType().name().toLowerCase()));
        }
        return new NormalizationStats(stats(node.get("observations"), file + " observations", observationDim),
                stats(node.get("returns"), file + " returns", 1));
    }

    private static RunningMeanStd stats(JsonNode node, String what, int dim) {
        if (node == null || node.isNull()) {
            return null;
        }
        JsonNode mean = node.path("mean");
        JsonNode var = node.path("var");
        if (!node.path("count").isNumber() || mean.size() != dim || var.size() != dim) {
            throw new BadInputException(what + ": expected count, mean and var of " + dim + " values, found " + node);
        }
        double[] m = new double[dim];
        double[] v = new double[dim];
        for (int j = 0; j < dim; j++) {
            m[j] = mean.get(j).asDouble();
            v[j] = var.get(j).asDouble();
        }
        return new RunningMeanStd(node.path("count").asDouble(), m, v);
    }
}
