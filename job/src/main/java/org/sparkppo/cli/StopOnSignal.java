package org.sparkppo.cli;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Driver-only: while installed, SIGINT (Ctrl-C) and SIGTERM (a scheduler's stop) end a run
 * cleanly instead of through the JVM's shutdown hooks, which stop Spark under the trainer's feet and
 * let it print a stack trace. The first signal lets the running Spark job end (up to {@link #DRAIN};
 * Spark logs the results of tasks that end after its context stopped as errors with traces), then
 * stops the Spark context: the trainer finishes the file it is writing (every write is a rename or
 * an append), its next Spark call fails, and {@link #call} turns that into one
 * {@link RunInterrupted} line with exit status 128 + the signal's number. A second signal exits at
 * once. A signal that the process inherited as ignored (a background job of a script) stays
 * ignored, as the JVM leaves it.
 */
final class StopOnSignal implements AutoCloseable {
    private static final List<String> SIGNALS = List.of("INT", "TERM");
    static final Duration DRAIN = Duration.ofSeconds(20);

    private final JavaSparkContext sc;
    private final List<Signal> installed = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private final Semaphore jobsEnded = new Semaphore(0);
    private final SparkListener jobEnds = new SparkListener() {
        @Override
        public void onJobEnd(SparkListenerJobEnd jobEnd) {
            jobsEnded.release();
        }
    };
    private volatile Signal received;

    private StopOnSignal(JavaSparkContext sc) {
        this.sc = sc;
    }

    static StopOnSignal install(JavaSparkContext sc) {
        StopOnSignal stop = new StopOnSignal(sc);
        // Under -Xrs the JVM keeps these signals to itself (Signal.handle refuses them): the shutdown hooks end the run.
        if (ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-Xrs")) {
            return stop;
        }
        sc.sc().addSparkListener(stop.jobEnds);
        for (String name : SIGNALS) {
            Signal signal = new Signal(name);
            stop.previous.add(Signal.handle(signal, stop::handle));
            stop.installed.add(signal);
        }
        return stop;
    }

    private void handle(Signal signal) {
        if (received != null) {
            System.exit(128 + signal.getNumber());
        }
        received = signal;
        jobsEnded.drainPermits();
        if (sc.statusTracker().getActiveJobIds().length > 0) {
            try {
                jobsEnded.tryAcquire(DRAIN.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        sc.stop();
    }

    /**
     * Runs {@code work}; if a signal stopped it, throws {@link RunInterrupted} with {@code aftermath}
     * (what the run leaves behind) as its message and what {@code work} threw as its cause.
     */
    <T> T call(Supplier<T> work, Supplier<String> aftermath) {
        try {
            return work.get();
        } catch (Exception e) {
            // Exception, not RuntimeException: Scala code throws SparkException undeclared.
            Signal signal = received;
            if (signal == null) {
                throw e;
            }
            throw new RunInterrupted("interrupted by SIG" + signal.getName() + ": " + aftermath.get(),
                    128 + signal.getNumber(), e);
        }
    }

    /** Restores the handlers found at {@link #install}. */
    @Override
    public void close() {
        for (int i = 0; i < installed.size(); i++) {
            Signal.handle(installed.get(i), previous.get(i));
        }
        sc.sc().removeSparkListener(jobEnds);
    }
}
