package org.sparkppo.train;

import java.util.Map;
import org.sparkppo.metrics.MetricKeys;

/**
 * What the driver prints per iteration: where the run is (a percentage of the step budget, and on
 * a terminal a bar), how fast, how well, and how long to go. On a terminal the line is redrawn in
 * place ({@code \r}); elsewhere (Airflow, {@code spark-submit} logs, CI) it is one plain line per
 * iteration.
 */
final class ProgressLine {
    private static final int BAR_WIDTH = 24;

    private final boolean terminal;

    /** @param terminal redraw one bar in place instead of printing a line per iteration */
    ProgressLine(boolean terminal) {
        this.terminal = terminal;
    }

    /** A line for a terminal when the JVM has one (stdin and stdout both attached), else plain lines. */
    static ProgressLine forThisProcess() {
        return new ProgressLine(System.console() != null);
    }

    /** The text to print for this iteration, line end included. */
    String render(int iteration, int numIterations, long steps, long totalSteps, Map<String, Double> row,
                  double secondsPerIteration) {
        String line = format(iteration, numIterations, steps, totalSteps, row, secondsPerIteration);
        if (!terminal) {
            return line + System.lineSeparator();
        }
        double fraction = Math.min(1.0, (double) steps / totalSteps);
        int filled = (int) Math.round(fraction * BAR_WIDTH);
        String bar = "[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "] ";
        // \r returns to the line start, ESC[K clears what a longer previous line left.
        return "\r" + bar + line + "\u001b[K" + (iteration == numIterations ? System.lineSeparator() : "");
    }

    static String format(int iteration, int numIterations, long steps, long totalSteps, Map<String, Double> row,
                         double secondsPerIteration) {
        double percent = 100.0 * Math.min(steps, totalSteps) / totalSteps;
        long eta = Math.round(secondsPerIteration * (numIterations - iteration));
        String eval = row.containsKey(MetricKeys.EVAL_MEAN_REWARD)
                ? String.format("  eval %.1f", row.get(MetricKeys.EVAL_MEAN_REWARD)) : "";
        return String.format("iter %d/%d  steps %d/%d (%.0f%%)  fps %.0f  ep_rew_mean %s%s  approx_kl %.4f  ETA %d:%02d",
                iteration, numIterations, steps, totalSteps, percent, row.get(MetricKeys.FPS),
                formatReturn(row.get(MetricKeys.EP_REW_MEAN)), eval, row.get(MetricKeys.APPROX_KL), eta / 60, eta % 60);
    }

    private static String formatReturn(double value) {
        return Double.isNaN(value) ? "-" : String.format("%.1f", value);
    }
}
