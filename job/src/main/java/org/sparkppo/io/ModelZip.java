package org.sparkppo.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkppo.config.BadInputException;
import org.sparkppo.model.ActorCriticNetwork;

/**
 * Reads an actor-critic saved as a DL4J model zip (checkpoints, a run's final {@code model.zip}),
 * refusing what should not be loaded: entries DL4J would Java-deserialize, content DL4J cannot
 * read, and a network whose input or action count does not fit the environment.
 */
public final class ModelZip {
    /** What {@code ModelSerializer.writeModel(graph, out, true)} writes. */
    private static final Set<String> MODEL_ENTRIES = Set.of("configuration.json", "coefficients.bin", "updaterState.bin");

    private ModelZip() {
    }

    /**
     * @param file how refusals name the source, e.g. {@code "checkpoint hdfs:///runs/r/checkpoints/…/model.zip"}
     */
    /** @param policyWidth the width of the policy output: the action distribution's parameter count */
    public static ComputationGraph read(byte[] model, String file, int observationDim, int policyWidth) {
        requireOnlyModelEntries(model, file);
        ComputationGraph net;
        try {
            net = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(model), true);
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(file + ": expected a DL4J computation graph, found one that cannot be loaded ("
                    + e.getMessage() + ")", e);
        }
        requireShape(net, observationDim, policyWidth, file);
        return net;
    }

    /**
     * DL4J's model zip holds JSON and raw arrays, except optional {@code preprocessor.bin}-style
     * entries that {@code ModelSerializer} reads with Java's {@code ObjectInputStream}. A checkpoint
     * with any entry this job does not write is refused before DL4J opens it.
     */
    private static void requireOnlyModelEntries(byte[] model, String file) {
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(model))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (!MODEL_ENTRIES.contains(entry.getName())) {
                    throw new BadInputException(file + ": expected only the entries " + MODEL_ENTRIES
                            + ", found '" + entry.getName() + "' (refused: DL4J would deserialize it as a Java object)");
                }
            }
        } catch (IOException e) {
            throw new BadInputException(file + ": expected a zip file, found unreadable content ("
                    + e.getMessage() + ")", e);
        }
    }

    private static void requireShape(ComputationGraph net, int observationDim, int policyWidth, String file) {
        long inputs = -1;
        boolean sequences = false;
        for (var entry : net.getConfiguration().getVertices().entrySet()) {
            if (entry.getValue() instanceof LayerVertex vertex
                    && vertex.getLayerConf().getLayer() instanceof FeedForwardLayer layer
                    && net.getConfiguration().getVertexInputs().get(entry.getKey()).contains(ActorCriticNetwork.INPUT)) {
                inputs = layer.getNIn();
                sequences |= layer instanceof BaseRecurrentLayer;
            }
        }
        // A recurrent network reads a sequence, [batch, observationDim, time]: here one step of one.
        long width = inputs == observationDim ? net.output(false, sequences
                ? Nd4j.zeros(DataType.DOUBLE, 1, observationDim, 1)
                : Nd4j.zeros(DataType.DOUBLE, 1, observationDim))[0].size(1) : -1;
        if (inputs != observationDim || width != policyWidth) {
            throw new BadInputException(file + ": expected a network for observations of size " + observationDim
                    + " and a policy output of width " + policyWidth + " (the environment's action distribution), "
                    + "found input size " + inputs + (width < 0 ? "" : " and policy output width " + width));
        }
    }

}
