package org.sparkppo.train;

/**
 * The adaptive KL penalty coefficient (Schulman et al. 2017, Section 4; seed 001's KL_max/KL_min
 * rule with KL_max = 1.5 d_targ and KL_min = d_targ / 1.5): after an iteration whose mean
 * KL(π_old ‖ π_θ) is d,
 * <pre>
 *   d &lt; d_targ / 1.5  →  β ← β / 2
 *   d &gt; d_targ × 1.5  →  β ← β × 2
 * </pre>
 * and β is unchanged otherwise.
 */
final class AdaptiveKlCoefficient {

    private AdaptiveKlCoefficient() {
    }

    static double next(double beta, double kl, double target) {
        if (kl < target / 1.5) {
            return beta / 2;
        }
        if (kl > target * 1.5) {
            return beta * 2;
        }
        return beta;
    }
}
