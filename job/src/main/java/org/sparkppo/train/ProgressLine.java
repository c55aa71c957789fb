package org.sparkppo.train;

import java.util.Map;
import org.sparkppo.metrics.MetricKeys;

/** The one line printed per iteration: where the run is, how fast, how well, and how long to go. */
final class ProgressLine {

    private ProgressLine() {
    }

    static String format(int iteration, int numIterations, long steps, long totalSteps, Map<String, Double> row,
                         double secondsPerIteration) {
        double percent = 100.0 * Math.min(steps, totalSteps) / totalSteps;
        long eta = Math.round(secondsPerIteration * (numIterations - iteration));
        return String.format("iter %d/%d  steps %d/%d (%.0f%%)  fps %.0f  ep_rew_mean %s  approx_kl %.4f  ETA %d:%02d",
                iteration, numIterations, steps, totalSteps, percent, row.get(MetricKeys.FPS),
                formatReturn(row.get(MetricKeys.EP_REW_MEAN)), row.get(MetricKeys.APPROX_KL), eta / 60, eta % 60);
    }

    private static String formatReturn(double value) {
        return Double.isNaN(value) ? "-" : String.format("%.1f", value);
    }
}
