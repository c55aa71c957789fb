package org.sparkppo.env;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The daemon threads that run time-limited vector-env steps ({@link VectorEnv#limitStepTime}); idle
 * ones end after a minute, so a JVM holds about one per concurrently stepping vector env.
 */
final class TimedSteps {
    static final ExecutorService POOL = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "spark-ppo-env-step");
        thread.setDaemon(true);
        return thread;
    });

    private TimedSteps() {
    }
}
