package org.sparkppo.normalize;

import java.io.Serializable;

/**
 * Observation normalization with statistics frozen for one iteration (SB3's {@code VecNormalize}
 * with {@code norm_obs}): {@code clip((o − μ) / sqrt(σ² + 1e-8), −c, c)}, computed in double and
 * stored as float. The same function normalizes what the rollout policy sees, the training samples,
 * and the evaluation episodes, so a run's network only ever sees normalized observations.
 */
public final class ObservationNormalizer implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final double EPS = 1e-8;
    private static final ObservationNormalizer IDENTITY = new ObservationNormalizer(null, 0);

    private final RunningMeanStd stats;
    private final double clip;

    private ObservationNormalizer(RunningMeanStd stats, double clip) {
        this.stats = stats == null ? null : stats.copy();
        this.clip = clip;
    }

    /** Normalizes with a copy of {@code stats}, clipping to ±{@code clip}. */
    public static ObservationNormalizer of(RunningMeanStd stats, double clip) {
        return new ObservationNormalizer(stats, clip);
    }

    /** Leaves observations as they are. */
    public static ObservationNormalizer identity() {
        return IDENTITY;
    }

    public boolean enabled() {
        return stats != null;
    }

    /** μ, subtracted from each observation entry (to write the same function elsewhere: the ONNX export); needs {@link #enabled}. */
    public double[] mean() {
        return stats.mean();
    }

    /** {@code sqrt(σ² + 1e-8)}, the divisor of each centred observation entry; needs {@link #enabled}. */
    public double[] divisor() {
        double[] divisor = new double[stats.dim()];
        for (int j = 0; j < divisor.length; j++) {
            divisor[j] = Math.sqrt(stats.varAt(j) + EPS);
        }
        return divisor;
    }

    /** c: normalized entries are clipped to [−c, c]. */
    public double clip() {
        return clip;
    }

    /** The first {@code count} rows of {@code observations}, normalized, as a new array (the same one when disabled). */
    public float[] apply(float[] observations, int count) {
        if (stats == null) {
            return observations;
        }
        int dim = stats.dim();
        float[] out = new float[count * dim];
        for (int k = 0; k < out.length; k++) {
            int j = k % dim;
            double z = (observations[k] - stats.meanAt(j)) / Math.sqrt(stats.varAt(j) + EPS);
            out[k] = (float) Math.min(Math.max(z, -clip), clip);
        }
        return out;
    }
}
