package org.sparkppo.train;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.ExceptionFailure;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.sparkppo.env.EnvironmentFailure;
import org.slf4j.LoggerFactory;

/**
 * Driver-only: remembers the first task that ended with an {@link EnvironmentFailure}. A failed
 * barrier stage reaches the driver as a {@code SparkException} without its tasks' exceptions, so the
 * iteration learns from the task-end events whether its stage failed because the environment broke
 * (deterministic: not worth a rerun) or because an executor was lost.
 */
final class EnvironmentFailureListener extends SparkListener {
    private final AtomicReference<String> first = new AtomicReference<>();

    @Override
    public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
        if (taskEnd.reason() instanceof ExceptionFailure failure
                && failure.className().equals(EnvironmentFailure.class.getName())) {
            first.compareAndSet(null, failure.description());
        }
    }

    /**
     * The message of the first environment failure of {@code sc}'s tasks so far, once every event
     * posted before this call has been delivered.
     */
    Optional<String> failure(SparkContext sc) {
        try {
            // LiveListenerBus delivers events on its own thread; wait for the stage's task-end events.
            sc.listenerBus().waitUntilEmpty(30_000);
        } catch (Exception e) {
            // Scala's TimeoutException is undeclared. Without the events, what arrived so far decides: a failure
            // whose event is missing counts as a lost task, and the iteration is rerun.
            LoggerFactory.getLogger(EnvironmentFailureListener.class).warn("Spark's listener bus did not drain within "
                    + "30 s: {}", e.toString());
        }
        return Optional.ofNullable(first.get());
    }
}
