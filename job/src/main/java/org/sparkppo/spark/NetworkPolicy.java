package org.sparkppo.spark;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparkppo.loss.FlatArrays;
import org.sparkppo.normalize.ObservationNormalizer;
import org.sparkppo.policy.ActionDistribution;
import org.sparkppo.rollout.Policy;
import org.sparkppo.seed.SplitMix64;

/**
 * The actor-critic network as the rollout's {@link Policy}: one batched forward pass per step for
 * all environments of the partition (observations normalized with the iteration's frozen
 * statistics first), sampling from a stream derived from (seed, iteration, partition). It keeps
 * the distribution parameters of every {@code act} call, in order, for the KL penalty.
 */
public final class NetworkPolicy implements Policy {
    private final ComputationGraph net;
    private final ActionDistribution distribution;
    private final ObservationNormalizer normalizer;
    private final SplitMix64 rng;
    private final int observationDim;
    private final List<double[]> actedParams = new ArrayList<>();

    public NetworkPolicy(ComputationGraph net, ActionDistribution distribution, ObservationNormalizer normalizer,
                         SplitMix64 rng, int observationDim) {
        this.net = net;
        this.distribution = distribution;
        this.normalizer = normalizer;
        this.rng = rng;
        this.observationDim = observationDim;
    }

    @Override
    public void act(float[] observations, int count, float[] actions, double[] logProbs, double[] values) {
        INDArray[] out = forward(observations, count);
        double[] params = FlatArrays.rowMajor(out[0]);
        double[] v = FlatArrays.rowMajor(out[1]);
        int pw = distribution.paramWidth();
        int aw = distribution.actionWidth();
        for (int i = 0; i < count; i++) {
            logProbs[i] = distribution.sample(params, i * pw, rng, actions, i * aw);
            values[i] = v[i];
        }
        actedParams.add(params);
    }

    @Override
    public void values(float[] observations, int count, double[] values) {
        double[] v = FlatArrays.rowMajor(forward(observations, count)[1]);
        System.arraycopy(v, 0, values, 0, count);
    }

    /** The distribution parameters of each {@code act} call so far, {@code [count × paramWidth]} each. */
    public double[][] actedParams() {
        return actedParams.toArray(double[][]::new);
    }

    private INDArray[] forward(float[] observations, int count) {
        return net.output(false, TrainingDataLayout.observationBlock(normalizer.apply(observations, count),
                count, observationDim));
    }
}
