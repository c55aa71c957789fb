package org.sparkppo.spark;

import java.io.Serializable;
import org.sparkppo.rollout.RolloutBuffer;

/**
 * One partition's rollout flattened for training, sample {@code k = t * numEnvs + i} being step
 * {@code t} of environment {@code i}: what {@link TrainingDataLayout} packs into minibatches.
 * Built on the executor and cached there; never collected to the driver.
 */
public final class TrainingSamples implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int partition;
    private final int count;
    private final int observationDim;
    private final int numActions;
    private final float[] observations;
    private final int[] actions;
    private final double[] advantages;
    private final double[] returns;
    private final double[] logProbs;
    private final double[] values;

    private TrainingSamples(int partition, int count, int observationDim, int numActions) {
        this.partition = partition;
        this.count = count;
        this.observationDim = observationDim;
        this.numActions = numActions;
        this.observations = new float[count * observationDim];
        this.actions = new int[count];
        this.advantages = new double[count];
        this.returns = new double[count];
        this.logProbs = new double[count];
        this.values = new double[count];
    }

    /** Flattens a buffer whose advantages and returns GAE has filled. */
    public static TrainingSamples from(RolloutBuffer buffer, int partition, int numActions) {
        int n = buffer.numEnvs();
        int obsDim = buffer.observationDim();
        TrainingSamples s = new TrainingSamples(partition, buffer.numSteps() * n, obsDim, numActions);
        for (int t = 0; t < buffer.numSteps(); t++) {
            System.arraycopy(buffer.observations()[t], 0, s.observations, t * n * obsDim, n * obsDim);
            for (int i = 0; i < n; i++) {
                int k = t * n + i;
                s.actions[k] = (int) buffer.actions()[t][i];
                s.advantages[k] = buffer.advantages()[t][i];
                s.returns[k] = buffer.returns()[t][i];
                s.logProbs[k] = buffer.logProbs()[t][i];
                s.values[k] = buffer.values()[t][i];
            }
        }
        return s;
    }

    public int partition() {
        return partition;
    }

    public int count() {
        return count;
    }

    public int observationDim() {
        return observationDim;
    }

    public int numActions() {
        return numActions;
    }

    public float[] observations() {
        return observations;
    }

    public int[] actions() {
        return actions;
    }

    public double[] advantages() {
        return advantages;
    }

    public double[] returns() {
        return returns;
    }

    public double[] logProbs() {
        return logProbs;
    }

    public double[] values() {
        return values;
    }
}
