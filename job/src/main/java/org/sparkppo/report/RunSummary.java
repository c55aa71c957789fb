package org.sparkppo.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.sparkppo.metrics.EpisodeLog;
import org.sparkppo.metrics.MetricKeys;

/**
 * Driver-only: the numbers a run's report shows, computed from its metrics rows (one per iteration)
 * and its training episodes. Rolling means are over {@value #WINDOW} consecutive training episodes and
 * count only full windows; the task counts as solved at the first episode whose window mean reaches
 * the environment's reward threshold (Gymnasium's {@code reward_threshold}).
 *
 * @param totalSteps          environment steps of the last iteration ({@code time/total_timesteps})
 * @param iterations          iterations run ({@code time/iterations} of the last row)
 * @param elapsedSeconds      wall clock of the whole run ({@code time/time_elapsed} of the last row)
 * @param episodes            training episodes finished
 * @param finalReturn         mean return of the last {@value #WINDOW} episodes (of all, when fewer); NaN without episodes
 * @param bestReturn          the best full-window rolling mean and where it ended; empty with fewer than {@value #WINDOW} episodes
 * @param rewardThreshold     the environment's reward threshold, if it defines one
 * @param solved              where the rolling mean first reached the threshold; empty if it never did
 * @param medianIterationFps  median of the iterations' {@code time/fps}
 * @param phases              where the wall clock went
 * @param evaluation          last and best {@code eval/mean_reward}, when the run logged it
 */
public record RunSummary(long totalSteps, int iterations, double elapsedSeconds, int episodes, double finalReturn,
                         Optional<StepValue> bestReturn, OptionalDouble rewardThreshold, Optional<Solved> solved,
                         double medianIterationFps, PhaseSplit phases, Optional<EvaluationReturns> evaluation) {
    /** Episodes per rolling mean, as the README's "solved" and {@code rollout/ep_rew_mean_20}. */
    public static final int WINDOW = 20;

    /** A value and the global environment step it belongs to. */
    public record StepValue(double value, long step) {
    }

    /**
     * The first full window whose mean reached the threshold.
     *
     * @param step           global step at which the window's last episode ended
     * @param elapsedSeconds {@code time/time_elapsed} of the first iteration whose {@code time/total_timesteps} reached {@code step}
     * @param rollingMean    the window's mean return
     */
    public record Solved(long step, double elapsedSeconds, double rollingMean) {
    }

    /**
     * Sums of the iterations' phase timers; {@code bookkeepingSeconds} is the rest of the elapsed wall
     * clock (broadcasts, metrics and checkpoint writes, progress lines), so the four add up to it.
     */
    public record PhaseSplit(double rolloutSeconds, double trainSeconds, double stageOverheadSeconds,
                             double bookkeepingSeconds) {
    }

    /** Last logged evaluation return and the best one with the step it was logged at. */
    public record EvaluationReturns(StepValue last, StepValue best) {
    }

    /** Overall throughput: environment steps per second of wall clock. */
    public double overallFps() {
        return totalSteps / elapsedSeconds;
    }

    /**
     * Summarizes a run.
     *
     * @param metrics         rows of {@link MetricKeys}, one per iteration, in order; at least one
     * @param episodes        the run's finished training episodes, in order of global step
     * @param rewardThreshold the environment's reward threshold, if defined
     */
    public static RunSummary of(List<Map<String, Double>> metrics, EpisodeLog episodes, OptionalDouble rewardThreshold) {
        if (metrics.isEmpty()) {
            throw new IllegalArgumentException("a run summary needs at least one metrics row");
        }
        Map<String, Double> last = metrics.get(metrics.size() - 1);
        double elapsed = last.get(MetricKeys.TIME_ELAPSED);
        List<Long> steps = episodes.globalSteps();
        List<Double> rolling = fullWindowMeans(episodes.returns());

        StepValue best = null;
        Solved solved = null;
        for (int i = 0; i < rolling.size(); i++) {
            long step = steps.get(i + WINDOW - 1);
            double mean = rolling.get(i);
            if (best == null || mean > best.value()) {
                best = new StepValue(mean, step);
            }
            if (solved == null && rewardThreshold.isPresent() && mean >= rewardThreshold.getAsDouble()) {
                solved = new Solved(step, elapsedWhenReached(metrics, step), mean);
            }
        }
        double rollout = sum(metrics, MetricKeys.ROLLOUT_SECONDS);
        double train = sum(metrics, MetricKeys.TRAIN_SECONDS);
        double stageOverhead = sum(metrics, MetricKeys.STAGE_OVERHEAD_SECONDS);
        return new RunSummary(last.get(MetricKeys.TOTAL_TIMESTEPS).longValue(),
                last.get(MetricKeys.ITERATION).intValue(), elapsed, episodes.count(), episodes.meanReturn(WINDOW),
                Optional.ofNullable(best), rewardThreshold, Optional.ofNullable(solved),
                median(column(metrics, MetricKeys.FPS)),
                new PhaseSplit(rollout, train, stageOverhead, elapsed - rollout - train - stageOverhead),
                evaluation(metrics));
    }

    /** Mean of each run of {@value #WINDOW} consecutive returns: element i covers returns i to i + WINDOW − 1. */
    private static List<Double> fullWindowMeans(List<Double> returns) {
        List<Double> means = new ArrayList<>();
        double sum = 0;
        for (int i = 0; i < returns.size(); i++) {
            sum += returns.get(i);
            if (i >= WINDOW) {
                sum -= returns.get(i - WINDOW);
            }
            if (i >= WINDOW - 1) {
                means.add(sum / WINDOW);
            }
        }
        return means;
    }

    /**
     * Episodes are logged when their iteration ends, so the wall clock at which a step was reached is
     * that of the first iteration whose step count covers it.
     */
    private static double elapsedWhenReached(List<Map<String, Double>> metrics, long step) {
        for (Map<String, Double> row : metrics) {
            if (row.get(MetricKeys.TOTAL_TIMESTEPS) >= step) {
                return row.get(MetricKeys.TIME_ELAPSED);
            }
        }
        throw new IllegalArgumentException("episode at global step " + step + " lies beyond the last iteration's "
                + MetricKeys.TOTAL_TIMESTEPS);
    }

    private static Optional<EvaluationReturns> evaluation(List<Map<String, Double>> metrics) {
        StepValue last = null;
        StepValue best = null;
        for (Map<String, Double> row : metrics) {
            Double value = row.get(MetricKeys.EVAL_MEAN_REWARD);
            if (value != null && Double.isFinite(value)) {
                last = new StepValue(value, row.get(MetricKeys.TOTAL_TIMESTEPS).longValue());
                if (best == null || value > best.value()) {
                    best = last;
                }
            }
        }
        return last == null ? Optional.empty() : Optional.of(new EvaluationReturns(last, best));
    }

    /** Finite values of one column, in row order; rows without it are skipped. */
    private static List<Double> column(List<Map<String, Double>> metrics, String key) {
        List<Double> values = new ArrayList<>();
        for (Map<String, Double> row : metrics) {
            Double value = row.get(key);
            if (value != null && Double.isFinite(value)) {
                values.add(value);
            }
        }
        return values;
    }

    private static double sum(List<Map<String, Double>> metrics, String key) {
        return column(metrics, key).stream().mapToDouble(Double::doubleValue).sum();
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
    }
}
