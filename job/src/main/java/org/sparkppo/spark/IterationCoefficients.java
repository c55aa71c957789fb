package org.sparkppo.spark;

import java.io.Serializable;

/**
 * What the policy loss uses that changes from one iteration to the next: the clip range ε (annealed
 * or constant), the KL coefficient β (adapted), and the batch-scope advantage normalization.
 * (A class, not a record: Kryo 4 cannot serialize records.)
 */
public final class IterationCoefficients implements Serializable {
    private static final long serialVersionUID = 1L;

    private final double clipRange;
    private final double klCoef;
    private final AdvantageTransform advantageTransform;

    public IterationCoefficients(double clipRange, double klCoef, AdvantageTransform advantageTransform) {
        this.clipRange = clipRange;
        this.klCoef = klCoef;
        this.advantageTransform = advantageTransform;
    }

    public double clipRange() {
        return clipRange;
    }

    public double klCoef() {
        return klCoef;
    }

    public AdvantageTransform advantageTransform() {
        return advantageTransform;
    }
}
