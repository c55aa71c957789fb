package org.sparkppo.spark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkppo.model.GlobalGradientNormClipping;

/**
 * Driver-only: {@code training.sync = gradient}, exact synchronous PPO. For minibatch {@code j} of
 * an epoch, one Spark job has every partition compute the summed gradient of its minibatch
 * {@code j} at the current parameters ({@link MinibatchGradient}); the driver adds the partitions'
 * sums in partition order, clips the mean gradient's global norm, and makes one Adam step with its
 * one optimizer state, dividing by the step's total example count. That is the update a single
 * learner makes on the union of the partitions' minibatches {@code j}: with the minibatch-scope
 * advantage normalization each partition normalizes its own share, with {@code batch} or
 * {@code off} the two are the same computation.
 *
 * <p>The step covers what the network configures: global-norm clipping and Adam. Per-layer
 * {@code GradientNormalization}, constraints and regularization, which DL4J's own {@code fit}
 * would apply around the updater, are not configured by {@code ActorCriticNetwork} and not applied here.
 */
public final class GradientSync implements EpochUpdates {
    private final JavaSparkContext sc;
    private final ComputationGraph net;
    private final int minibatchesPerPartition;
    private final double maxGradNorm;
    private final String networkKey;
    private double score = Double.NaN;

    /**
     * @param net                     the driver's network, holding the parameters and the optimizer state
     * @param minibatchesPerPartition minibatches each partition holds per epoch
     * @param maxGradNorm             global L2 norm the mean gradient is clipped to; 0 disables clipping
     */
    public GradientSync(JavaSparkContext sc, ComputationGraph net, int minibatchesPerPartition, double maxGradNorm) {
        this.sc = sc;
        this.net = net;
        this.minibatchesPerPartition = minibatchesPerPartition;
        this.maxGradNorm = maxGradNorm;
        this.networkKey = ExecutorNetworks.key(net.getConfiguration());
    }

    @Override
    public void fit(JavaRDD<TrainingSamples> samples, EpochMinibatches epoch) {
        for (int index = 0; index < minibatchesPerPartition; index++) {
            Broadcast<PolicyParameters> parameters = sc.broadcast(new PolicyParameters(networkKey,
                    net.params().toDoubleVector()));
            try {
                step(samples.map(new MinibatchGradient(parameters, epoch, index)).collect());
            } finally {
                parameters.destroy(false);
            }
        }
        net.incrementEpochCount();
    }

    /** One optimizer step on the partitions' gradients of one minibatch. */
    void step(List<PartitionGradient> gradients) {
        List<PartitionGradient> ordered = new ArrayList<>(gradients);
        ordered.sort(Comparator.comparingInt(PartitionGradient::partition));
        double[] sum = new double[(int) net.numParams()];
        int examples = 0;
        double lossSum = 0;
        for (PartitionGradient g : ordered) {
            double[] part = g.summedGradient();
            for (int i = 0; i < sum.length; i++) {
                sum[i] += part[i];
            }
            examples += g.examples();
            lossSum += g.meanLoss() * g.examples();
        }
        INDArray gradient = Nd4j.create(sum, new long[] {1, sum.length}, DataType.DOUBLE);
        if (maxGradNorm > 0) {
            GlobalGradientNormClipping.clip(gradient, examples, maxGradNorm);
        }
        // Adam turns the summed gradient into the update in place (dividing by the example count first).
        net.getUpdater().update(new DefaultGradient(gradient), net.getIterationCount(), net.getEpochCount(), examples,
                LayerWorkspaceMgr.noWorkspaces());
        net.params().subi(gradient);
        net.getConfiguration().setIterationCount(net.getIterationCount() + 1);
        score = lossSum / examples;
    }

    @Override
    public ComputationGraph network() {
        return net;
    }

    @Override
    public double score() {
        return score;
    }
}
