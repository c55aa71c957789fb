package org.sparkppo.stage;

import java.io.Serializable;

/**
 * {@code A ↦ (A − shift) / (scale + 1e-8)} applied to a partition's samples before they are cut into
 * minibatches: the batch-scope advantage normalization with the mean and standard deviation of
 * the whole iteration's batch, or the identity. (A class, not a record: Kryo 4 cannot serialize records.)
 */
public final class AdvantageTransform implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final double EPS = 1e-8;

    private final double shift;
    private final double scale;
    private final boolean enabled;

    private AdvantageTransform(double shift, double scale, boolean enabled) {
        this.shift = shift;
        this.scale = scale;
        this.enabled = enabled;
    }

    public static AdvantageTransform identity() {
        return new AdvantageTransform(0, 1, false);
    }

    public static AdvantageTransform of(AdvantageMoments batch) {
        return new AdvantageTransform(batch.mean(), batch.std(), true);
    }

    public double apply(double advantage) {
        return enabled ? (advantage - shift) / (scale + EPS) : advantage;
    }

    /** The samples with transformed advantages (a copy that shares everything else), or the same samples. */
    TrainingSamples applyTo(TrainingSamples samples) {
        if (!enabled) {
            return samples;
        }
        double[] advantages = samples.advantages().clone();
        for (int k = 0; k < advantages.length; k++) {
            advantages[k] = apply(advantages[k]);
        }
        return samples.withAdvantages(advantages);
    }
}
