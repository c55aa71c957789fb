package org.sparkppo.cli;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;

/**
 * Counts the Spark jobs and stage attempts a run submits ({@code spark.extraListeners}), so tests can
 * check the shape of an iteration: one job of one stage.
 */
public final class SparkJobCounter extends SparkListener {
    static final AtomicInteger JOBS = new AtomicInteger();
    static final AtomicInteger STAGE_ATTEMPTS = new AtomicInteger();

    static void reset() {
        JOBS.set(0);
        STAGE_ATTEMPTS.set(0);
    }

    @Override
    public void onJobStart(SparkListenerJobStart jobStart) {
        JOBS.incrementAndGet();
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted stageSubmitted) {
        STAGE_ATTEMPTS.incrementAndGet();
    }
}
