package org.sparkppo.spark;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparkppo.loss.Categorical;
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
        double[][] logits = out[0].toDoubleMatrix();
        double[] v = out[1].reshape(count).toDoubleVector();
        double[] lp = new double[logits[0].length];
        for (int i = 0; i < count; i++) {
            Categorical.logSoftmax(logits[i], lp);
            int a = Categorical.sample(lp, rng);
            actions[i] = a;
            logProbs[i] = lp[a];
            values[i] = v[i];
        }
    }

    @Override
    public void values(float[] observations, int count, double[] values) {
        double[] v = forward(observations, count)[1].reshape(count).toDoubleVector();
        System.arraycopy(v, 0, values, 0, count);
    }

    private INDArray[] forward(float[] observations, int count) {
        return net.output(false, TrainingDataLayout.observationBlock(observations, count, observationDim));
    }
}
