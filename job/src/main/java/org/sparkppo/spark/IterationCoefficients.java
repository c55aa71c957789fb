package org.sparkppo.spark;

import java.io.Serializable;

/**
 * What the policy loss uses that changes from one iteration to the next: the clip range ε (annealed
 * or constant), the KL coefficient β (adapted), and the batch-scope advantage normalization.
 */
public record IterationCoefficients(double clipRange, double klCoef, AdvantageTransform advantageTransform)
        implements Serializable {
}
