package org.sparkppo.bench;

import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkppo.loss.FlatArrays;
import org.sparkppo.model.ActorCriticGradient;
import org.sparkppo.stage.PackedSamples;
import org.sparkppo.stage.TrainingDataLayout;

/** How one measured call hands a minibatch to the network and takes the gradient and loss back. */
enum CallStyle {
    /**
     * As {@code Replica.gradient} did it before the bulk copy: gather the minibatch from the packed
     * samples into a new {@code MultiDataSet}, {@code setInputs}, {@code setLabels},
     * {@code computeGradientAndScore}, {@code gradient().gradient().toDoubleVector()}, {@code score()},
     * {@code clear()}.
     */
    REPLICA_BEFORE("Replica.gradient's calls before (toDoubleVector)"),
    /** The same, reading the gradient with one bulk copy: {@code Replica.gradient} before it left DL4J. */
    BULK_GRADIENT_COPY("bulk gradient copy (Replica.gradient's last DL4J version)"),
    /** The same as before, without {@code clear()} afterwards. */
    NO_CLEAR("no clear()"),
    /**
     * Input and label arrays allocated once per minibatch size and refilled with one bulk copy each
     * from already packed Java arrays; bulk gradient copy; no {@code clear()}.
     */
    PREALLOCATED("preallocated inputs + bulk copies"),
    /**
     * No DL4J call: the plain-Java back-propagation of the same network and losses
     * ({@code ActorCriticGradient.compute} on the gathered minibatch), {@code Replica.gradient} now.
     */
    PLAIN_JAVA("plain-Java back-propagation (Replica.gradient now)");

    private final String label;

    CallStyle(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    /** A call computing minibatch {@code index} of {@code size} on {@code net}. */
    MinibatchCall prepare(ComputationGraph net, BenchmarkProblem problem, int size) {
        DataType type = net.params().dataType();
        if (this == PLAIN_JAVA) {
            ActorCriticGradient gradient = ActorCriticGradient.of(net, size);
            PackedSamples packed = problem.packed(size);
            int[] order = TrainingDataLayout.inOrder(packed.count());
            return index -> {
                double[] summed = new double[(int) net.numParams()];
                double loss = gradient.compute(packed.gather(order, index), summed);
                return new GradientAndLoss(summed, loss);
            };
        }
        if (this == PREALLOCATED) {
            List<double[][]> packed = problem.packedMinibatches(size);
            long[] widths = problem.widths();
            INDArray[] features = {Nd4j.create(type, size, widths[0])};
            INDArray[] labels = {Nd4j.create(type, size, widths[1]), Nd4j.create(type, size, widths[2])};
            return index -> {
                double[][] minibatch = packed.get(index);
                FlatArrays.write(minibatch[0], features[0]);
                FlatArrays.write(minibatch[1], labels[0]);
                FlatArrays.write(minibatch[2], labels[1]);
                net.setInputs(features);
                net.setLabels(labels);
                net.computeGradientAndScore();
                return new GradientAndLoss(FlatArrays.rowMajor(net.gradient().gradient()), net.score());
            };
        }
        PackedSamples packed = problem.packed(size);
        return index -> {
            MultiDataSet minibatch = problem.minibatch(packed, index);
            net.setInputs(cast(minibatch.getFeatures(), type));
            net.setLabels(cast(minibatch.getLabels(), type));
            net.computeGradientAndScore();
            INDArray flat = net.gradient().gradient();
            GradientAndLoss result = new GradientAndLoss(this == BULK_GRADIENT_COPY ? FlatArrays.rowMajor(flat)
                    : flat.toDoubleVector(), net.score());
            if (this != NO_CLEAR) {
                net.clear();
            }
            return result;
        };
    }

    /** The arrays in the network's data type ({@code castTo} returns the array itself when it already is). */
    private static INDArray[] cast(INDArray[] arrays, DataType type) {
        INDArray[] cast = new INDArray[arrays.length];
        for (int i = 0; i < arrays.length; i++) {
            cast[i] = arrays[i].castTo(type);
        }
        return cast;
    }

    /** One measured call. */
    interface MinibatchCall {
        GradientAndLoss compute(int index);
    }
}
