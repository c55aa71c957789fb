package org.sparkppo.rollout;

/**
 * One partition's rollout, preallocated {@code [numSteps][numEnvs]} (CleanRL's layout): row
 * {@code t} holds what the vector env saw and did at step {@code t}, entry {@code i} (or the
 * slice {@code i * dim .. (i + 1) * dim}) environment {@code i}. Arrays are exposed live: the
 * collector and GAE write them in place, training reads them.
 */
public final class RolloutBuffer {
    private final int numSteps;
    private final int numEnvs;
    private final int observationDim;
    private final int actionDim;
    private final int actionMaskWidth;

    private final float[][] observations;
    private final float[][] actions;
    private final boolean[][] actionMasks;
    private final double[][] rewards;
    private final double[][] values;
    private final double[][] logProbs;
    private final boolean[][] terminated;
    private final boolean[][] truncated;
    private final double[][] finalObservationValues;
    private final double[] lastValues;
    private final double[][] advantages;
    private final double[][] returns;

    public RolloutBuffer(int numSteps, int numEnvs, int observationDim, int actionDim) {
        this(numSteps, numEnvs, observationDim, actionDim, 0);
    }

    /** A buffer that also keeps the action mask of every step, {@code actionMaskWidth} flags per env (0: none). */
    public RolloutBuffer(int numSteps, int numEnvs, int observationDim, int actionDim, int actionMaskWidth) {
        if (numSteps < 1 || numEnvs < 1 || observationDim < 1 || actionDim < 1 || actionMaskWidth < 0) {
            throw new IllegalArgumentException("buffer dimensions must be >= 1, but were numSteps=" + numSteps
                    + ", numEnvs=" + numEnvs + ", observationDim=" + observationDim + ", actionDim=" + actionDim);
        }
        this.numSteps = numSteps;
        this.numEnvs = numEnvs;
        this.observationDim = observationDim;
        this.actionDim = actionDim;
        this.actionMaskWidth = actionMaskWidth;
        this.observations = new float[numSteps][numEnvs * observationDim];
        this.actions = new float[numSteps][numEnvs * actionDim];
        this.actionMasks = actionMaskWidth > 0 ? new boolean[numSteps][numEnvs * actionMaskWidth] : null;
        this.rewards = new double[numSteps][numEnvs];
        this.values = new double[numSteps][numEnvs];
        this.logProbs = new double[numSteps][numEnvs];
        this.terminated = new boolean[numSteps][numEnvs];
        this.truncated = new boolean[numSteps][numEnvs];
        this.finalObservationValues = new double[numSteps][numEnvs];
        this.lastValues = new double[numEnvs];
        this.advantages = new double[numSteps][numEnvs];
        this.returns = new double[numSteps][numEnvs];
    }

    public int numSteps() {
        return numSteps;
    }

    public int numEnvs() {
        return numEnvs;
    }

    public int observationDim() {
        return observationDim;
    }

    public int actionDim() {
        return actionDim;
    }

    /** Observation each env acted on at step t. */
    public float[][] observations() {
        return observations;
    }

    public float[][] actions() {
        return actions;
    }

    /** Flags per env in {@link #actionMasks()}; 0 when the environment does not mask actions. */
    public int actionMaskWidth() {
        return actionMaskWidth;
    }

    /**
     * The valid actions at step t, as the environment reported them for the observation acted on and
     * the policy sampled under; null when the environment does not mask actions.
     */
    public boolean[][] actionMasks() {
        return actionMasks;
    }

    public double[][] rewards() {
        return rewards;
    }

    /** V(s_t) as the rollout's policy computed it. */
    public double[][] values() {
        return values;
    }

    /** log π_old(a_t|s_t) of the stored action. */
    public double[][] logProbs() {
        return logProbs;
    }

    public boolean[][] terminated() {
        return terminated;
    }

    public boolean[][] truncated() {
        return truncated;
    }

    /** V(final observation) where step t was truncated and not terminated; 0 elsewhere. */
    public double[][] finalObservationValues() {
        return finalObservationValues;
    }

    /** V(s_T): the value of the observation after the last step, for bootstrapping. */
    public double[] lastValues() {
        return lastValues;
    }

    /** Written by {@link org.sparkppo.gae.GeneralizedAdvantageEstimation}. */
    public double[][] advantages() {
        return advantages;
    }

    /** Advantages plus values: the value-function regression targets. */
    public double[][] returns() {
        return returns;
    }
}
