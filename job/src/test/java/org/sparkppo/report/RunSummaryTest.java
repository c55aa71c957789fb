package org.sparkppo.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkppo.io.RunDirectory;
import org.sparkppo.metrics.EpisodeLog;
import org.sparkppo.metrics.MetricKeys;
import org.sparkppo.report.RunSummary.StepValue;

/** {@link RunSummary} on hand-built runs whose numbers are worked out by hand in the comments. */
class RunSummaryTest {
    @TempDir
    Path folder;

    /**
     * Four iterations of 100 steps, elapsed 2, 4, 7, 10 s; each spends 0.5 s in rollout, 1 s in
     * training, 0.25 s in diagnostics; fps 50, 60, 40, 70.
     */
    static List<Map<String, Double>> metrics() {
        double[] elapsed = {2, 4, 7, 10};
        double[] fps = {50, 60, 40, 70};
        List<Map<String, Double>> rows = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Map<String, Double> row = new HashMap<>();
            row.put(MetricKeys.ITERATION, i + 1.0);
            row.put(MetricKeys.TOTAL_TIMESTEPS, 100.0 * (i + 1));
            row.put(MetricKeys.TIME_ELAPSED, elapsed[i]);
            row.put(MetricKeys.FPS, fps[i]);
            row.put(MetricKeys.ROLLOUT_SECONDS, 0.5);
            row.put(MetricKeys.TRAIN_SECONDS, 1.0);
            row.put(MetricKeys.STAGE_OVERHEAD_SECONDS, 0.25);
            rows.add(row);
        }
        return rows;
    }

    /**
     * 25 episodes, episode k (from 1) ending at step 11k: returns 0 for episodes 1-19, 200 for
     * episode 20, 5 for 21-24, −20 for 25. Windows of 20 ending at episodes 20..25 have means
     * 10, 10.25, 10.5, 10.75, 11, 10.
     */
    static EpisodeLog episodes(Path folder, int count) {
        EpisodeLog log = EpisodeLog.read(RunDirectory.open(folder.toUri().toString(), "r", new Configuration()), 0);
        for (int k = 1; k <= count; k++) {
            double episodeReturn = k < 20 ? 0 : k == 20 ? 200 : k < 25 ? 5 : -20;
            log.add(11L * k, episodeReturn, 10);
        }
        return log;
    }

    @Test
    void totalsComeFromTheLastRow() {
        RunSummary summary = RunSummary.of(metrics(), episodes(folder, 25), OptionalDouble.of(10));
        assertEquals(400, summary.totalSteps());
        assertEquals(4, summary.iterations());
        assertEquals(10.0, summary.elapsedSeconds());
        assertEquals(25, summary.episodes());
        assertEquals(40.0, summary.overallFps(), 1e-12);
        assertEquals(55.0, summary.medianIterationFps(), 1e-12);
    }

    @Test
    void finalAndBestReturnAreRollingMeansOfTwentyEpisodes() {
        RunSummary summary = RunSummary.of(metrics(), episodes(folder, 25), OptionalDouble.of(10));
        assertEquals(10.0, summary.finalReturn(), 1e-12);
        // The window ending at episode 24 (step 264).
        assertEquals(new StepValue(11.0, 264), summary.bestReturn().orElseThrow());
    }

    @Test
    void thresholdIsReachedAtTheFirstWindowWhoseMeanReachesIt() {
        RunSummary summary = RunSummary.of(metrics(), episodes(folder, 25), OptionalDouble.of(10));
        RunSummary.Solved solved = summary.solved().orElseThrow();
        // Episode 20 ends at step 220 with a window mean of exactly 10; iteration 3 (300 steps) collected it.
        assertEquals(220, solved.step());
        assertEquals(7.0, solved.elapsedSeconds());
        assertEquals(10.0, solved.rollingMean(), 1e-12);

        RunSummary later = RunSummary.of(metrics(), episodes(folder, 25), OptionalDouble.of(10.6));
        assertEquals(253, later.solved().orElseThrow().step());
        assertEquals(7.0, later.solved().orElseThrow().elapsedSeconds());
    }

    @Test
    void thresholdAboveEveryWindowIsNotReachedAndNoThresholdIsNeither() {
        assertTrue(RunSummary.of(metrics(), episodes(folder, 25), OptionalDouble.of(11.5)).solved().isEmpty());
        RunSummary without = RunSummary.of(metrics(), episodes(folder, 25), OptionalDouble.empty());
        assertTrue(without.solved().isEmpty());
        assertTrue(without.rewardThreshold().isEmpty());
    }

    @Test
    void fewerEpisodesThanAWindowHaveAFinalMeanButNoBestAndNeverSolve() {
        // Episodes 1-19 all return 0: a partial window would "reach" a threshold of 0.
        RunSummary summary = RunSummary.of(metrics(), episodes(folder, 19), OptionalDouble.of(0));
        assertEquals(0.0, summary.finalReturn());
        assertTrue(summary.bestReturn().isEmpty());
        assertTrue(summary.solved().isEmpty());
    }

    @Test
    void phasesAddUpToTheWallClock() {
        RunSummary.PhaseSplit phases = RunSummary.of(metrics(), episodes(folder, 25), OptionalDouble.of(10)).phases();
        assertEquals(2.0, phases.rolloutSeconds(), 1e-12);
        assertEquals(4.0, phases.trainSeconds(), 1e-12);
        assertEquals(1.0, phases.stageOverheadSeconds(), 1e-12);
        assertEquals(3.0, phases.bookkeepingSeconds(), 1e-12);
        assertEquals(10.0, phases.rolloutSeconds() + phases.trainSeconds() + phases.stageOverheadSeconds()
                + phases.bookkeepingSeconds(), 1e-12);
    }

    @Test
    void evaluationReturnsOnlyWhenTheColumnIsLogged() {
        assertTrue(RunSummary.of(metrics(), episodes(folder, 25), OptionalDouble.of(10)).evaluation().isEmpty());
        List<Map<String, Double>> rows = metrics();
        rows.get(1).put(MetricKeys.EVAL_MEAN_REWARD, 30.0);
        rows.get(2).put(MetricKeys.EVAL_MEAN_REWARD, Double.NaN);
        rows.get(3).put(MetricKeys.EVAL_MEAN_REWARD, 20.0);
        RunSummary.EvaluationReturns evaluation = RunSummary.of(rows, episodes(folder, 25), OptionalDouble.of(10))
                .evaluation().orElseThrow();
        assertEquals(new StepValue(20.0, 400), evaluation.last());
        assertEquals(new StepValue(30.0, 200), evaluation.best());
    }
}
