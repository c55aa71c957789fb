package org.sparkppo.bench;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;

/**
 * Counts the Spark jobs and stage attempts submitted in this JVM (registered with
 * {@code spark.extraListeners}), so the throughput benchmark and the tests can check the shape of an
 * iteration: one job of one stage.
 */
public final class SparkJobCounter extends SparkListener {
    public static final AtomicInteger JOBS = new AtomicInteger();
    public static final AtomicInteger STAGE_ATTEMPTS = new AtomicInteger();

    public static void reset() {
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
