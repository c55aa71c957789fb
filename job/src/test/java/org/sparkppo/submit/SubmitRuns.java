package org.sparkppo.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.util.ModelSerializer;

/** Short CartPole trainings through {@code ./submit.sh} as a separate process, and their outcomes. */
final class SubmitRuns {
    private static final long TIMEOUT_SECONDS = 480;

    private final Path work;
    private final List<String> trainingArgs;

    SubmitRuns(Path work, String... trainingArgs) {
        this.work = work;
        this.trainingArgs = List.of(trainingArgs);
    }

    Path output() {
        return work.resolve("runs");
    }

    /**
     * Starts {@code ./submit.sh --master master [sparkOptions] --config cartpole.conf [trainingArgs] --run-id runId},
     * logging to {@link #log}{@code (runId)}.
     */
    Process start(String runId, String master, String... sparkOptions) throws IOException {
        return startLoggingTo(runId, runId, master, sparkOptions);
    }

    /**
     * As {@link #start(String, String, String...)}, logging to {@link #log}{@code (logName)}. SIGINT is
     * reset to its default, as a terminal starts a command (a test JVM may have inherited it ignored).
     */
    Process startLoggingTo(String logName, String runId, String master, String... sparkOptions) throws IOException {
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT",
                LocalStandaloneCluster.REPO.resolve("submit.sh").toString(), "--master", master));
        command.addAll(List.of(sparkOptions));
        command.addAll(List.of("--config", LocalStandaloneCluster.REPO.resolve("conf/ppo/cartpole.conf").toString()));
        command.addAll(trainingArgs);
        command.addAll(List.of("--run-id", runId, "--output-dir", output().toUri().toString()));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log(logName).toFile())).start();
    }

    Path log(String logName) {
        return work.resolve(logName + ".log");
    }

    /** Waits for a started run and asserts it succeeded with a final model. */
    void awaitSuccess(Process run, String runId) throws Exception {
        try {
            boolean finished = run.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertTrue(finished, runId + " did not finish within " + TIMEOUT_SECONDS + " s:\n" + tail(runId));
            assertEquals(0, run.exitValue(), tail(runId));
            assertTrue(Files.exists(output().resolve(runId).resolve("model.zip")), tail(runId));
        } finally {
            run.descendants().forEach(ProcessHandle::destroyForcibly);
            run.destroyForcibly();
        }
    }

    void runToSuccess(String runId, String master, String... sparkOptions) throws Exception {
        awaitSuccess(start(runId, master, sparkOptions), runId);
    }

    double[] finalParameters(String runId) throws IOException {
        return ModelSerializer.restoreComputationGraph(output().resolve(runId).resolve("model.zip").toFile(), true)
                .params().toDoubleVector();
    }

    String tail(String logName) throws IOException {
        String log = Files.exists(log(logName)) ? Files.readString(log(logName)) : "";
        return log.length() <= 6000 ? log : log.substring(log.length() - 6000);
    }
}
