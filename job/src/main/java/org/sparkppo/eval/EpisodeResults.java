package org.sparkppo.eval;

import java.util.Arrays;

/** Returns and lengths of evaluation episodes, with their mean and standard deviation. */
public record EpisodeResults(double[] returns, int[] lengths) {

    public double meanReturn() {
        return Arrays.stream(returns).average().orElse(Double.NaN);
    }

    /** Population standard deviation, as SB3's {@code evaluate_policy}. */
    public double stdReturn() {
        double mean = meanReturn();
        return Math.sqrt(Arrays.stream(returns).map(r -> (r - mean) * (r - mean)).average().orElse(Double.NaN));
    }
}
