package org.sparkppo.spark;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparkppo.loss.Categorical;
import org.sparkppo.loss.FlatArrays;
import org.sparkppo.rollout.Policy;
import org.sparkppo.seed.SplitMix64;

/**
 * The actor-critic network as the rollout's {@link Policy}: one batched forward pass per step for
 * all environments of the partition, categorical sampling from a stream derived from (seed,
 * iteration, partition).
 */
public final class NetworkPolicy implements Policy {
    private final ComputationGraph net;
    private final SplitMix64 rng;
    private final int observationDim;

    public NetworkPolicy(ComputationGraph net, SplitMix64 rng, int observationDim) {
        this.net = net;
        this.rng = rng;
        this.observationDim = observationDim;
    }

    @Override
    public void act(float[] observations, int count, float[] actions, double[] logProbs, double[] values) {
        INDArray[] out = forward(observations, count);
        double[] logits = FlatArrays.rowMajor(out[0]);
        double[] v = FlatArrays.rowMajor(out[1]);
        int numActions = (int) out[0].size(1);
        double[] rowLogits = new double[numActions];
        double[] lp = new double[numActions];
        for (int i = 0; i < count; i++) {
            System.arraycopy(logits, i * numActions, rowLogits, 0, numActions);
            Categorical.logSoftmax(rowLogits, lp);
            int a = Categorical.sample(lp, rng);
            actions[i] = a;
            logProbs[i] = lp[a];
            values[i] = v[i];
        }
    }

    @Override
    public void values(float[] observations, int count, double[] values) {
        double[] v = FlatArrays.rowMajor(forward(observations, count)[1]);
        System.arraycopy(v, 0, values, 0, count);
    }

    private INDArray[] forward(float[] observations, int count) {
        return net.output(false, TrainingDataLayout.observationBlock(observations, count, observationDim));
    }
}
