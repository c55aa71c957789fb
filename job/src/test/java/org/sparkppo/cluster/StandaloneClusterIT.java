package org.sparkppo.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real standalone cluster on 127.0.0.1 (one master, two one-core workers, started from the
 * Maven-resolved Spark jars), the job submitted through {@code ./submit.sh --master spark://...}:
 * it completes, Spark's event log shows every rollout and PPO-epoch task ran in executor JVMs, on
 * both workers' executors, not in the driver, and the final parameters are bit-identical to a
 * {@code local[2]} run of the same config and seed. Every process started here is stopped by pid.
 */
class StandaloneClusterIT {
    private static final Path REPO = Path.of(System.getProperty("spark.ppo.repoRoot", "..")).toAbsolutePath().normalize();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(300);

    @TempDir
    Path work;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopEverythingStarted() throws InterruptedException {
        // Workers first (SIGTERM lets them kill their executors), then anything left of their process trees.
        for (int i = started.size() - 1; i >= 0; i--) {
            Process p = started.get(i);
            List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            for (ProcessHandle child : tree) {
                child.destroyForcibly();
            }
        }
        for (Process p : started) {
            assertFalse(p.isAlive(), "process " + p.pid() + " still alive");
        }
    }

    @Test
    void trainsOnAStandaloneClusterWithRolloutsAndEpochsInExecutorJvms() throws Exception {
        Path sparkJars = REPO.resolve("job/target/spark-jars");
        assertTrue(Files.isDirectory(sparkJars), "missing " + sparkJars + " (built by `mvn package`)");
        Path sparkHome = Files.createDirectories(work.resolve("spark-home"));
        Files.createSymbolicLink(sparkHome.resolve("jars"), sparkJars);
        int masterPort = freePort();
        String master = "spark://127.0.0.1:" + masterPort;

        Process masterProcess = startSparkDaemon(sparkHome, "master", "org.apache.spark.deploy.master.Master",
                "--host", "127.0.0.1", "--port", String.valueOf(masterPort), "--webui-port", String.valueOf(freePort()));
        for (int w = 1; w <= 2; w++) {
            startSparkDaemon(sparkHome, "worker" + w, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                    "--cores", "1", "--memory", "3g", "--webui-port", String.valueOf(freePort()),
                    "--work-dir", Files.createDirectories(work.resolve("worker" + w + "-dir")).toString(), master);
        }
        awaitLog(work.resolve("master.log"), "Registering worker", 2, masterProcess);

        Path events = Files.createDirectories(work.resolve("events"));
        Path output = work.resolve("runs");
        submit("cluster", master, output, "--conf", "spark.executor.memory=1g", "--conf", "spark.eventLog.enabled=true",
                // Start scheduling only once both workers' executors are up, so tasks can spread.
                "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0",
                "--conf", "spark.eventLog.dir=" + events.toUri());
        submit("local", "local[2]", output);
        assertArrayEquals(finalParameters(output.resolve("local")), finalParameters(output.resolve("cluster")), 0.0,
                "the cluster run's parameters differ from the local[2] run's");

        Map<String, Set<String>> executorsByPhase = executorsByPhase(events);
        for (String phase : List.of("rollout", "PPO epoch")) {
            Set<String> executors = executorsByPhase.getOrDefault(phase, Set.of());
            assertFalse(executors.isEmpty(), "no " + phase + " tasks in the event log: " + executorsByPhase);
            assertFalse(executors.contains("driver"), phase + " tasks ran in the driver: " + executors);
            assertEquals(2, executors.size(), phase + " tasks should use both workers' executors: " + executors);
        }
    }

    /** Runs {@code ./submit.sh} with a short CartPole training into {@code output/runId}. */
    private void submit(String runId, String master, Path output, String... sparkOptions) throws Exception {
        List<String> command = new ArrayList<>(List.of(REPO.resolve("submit.sh").toString(), "--master", master));
        command.addAll(List.of(sparkOptions));
        command.addAll(List.of("--config", REPO.resolve("conf/ppo/cartpole.conf").toString(),
                "--set", "run.totalTimesteps=2048", "--set", "rollout.numSteps=64",
                "--run-id", runId, "--output-dir", output.toUri().toString()));
        Path log = work.resolve(runId + ".log");
        Process job = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        started.add(job);
        boolean finished = job.waitFor(JOB_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertTrue(finished, "submit.sh did not finish within " + JOB_TIMEOUT + ":\n" + tail(Files.readString(log)));
        assertEquals(0, job.exitValue(), tail(Files.readString(log)));
        assertTrue(Files.exists(output.resolve(runId).resolve("model.zip")), tail(Files.readString(log)));
    }

    private static double[] finalParameters(Path run) throws IOException {
        return ModelSerializer.restoreComputationGraph(run.resolve("model.zip").toFile(), true).params()
                .toDoubleVector();
    }

    private Process startSparkDaemon(Path sparkHome, String name, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx512m", "-cp", sparkHome.resolve("jars") + "/*",
                mainClass));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".log").toFile());
        builder.environment().put("SPARK_HOME", sparkHome.toString());
        builder.environment().put("SPARK_SCALA_VERSION", "2.12");
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process process = builder.start();
        started.add(process);
        return process;
    }

    /** Job description's phase ("rollout", "PPO epoch", ...) → executor ids that ran its tasks. */
    private static Map<String, Set<String>> executorsByPhase(Path events) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Map<Integer, String> phaseByStage = new HashMap<>();
        Map<String, Set<String>> executors = new HashMap<>();
        List<Path> logs;
        try (Stream<Path> files = Files.list(events)) {
            logs = files.toList();
        }
        assertEquals(1, logs.size(), "event logs: " + logs);
        for (String line : Files.readAllLines(logs.get(0))) {
            JsonNode e = json.readTree(line);
            String type = e.path("Event").asText();
            if (type.equals("SparkListenerJobStart")) {
                String description = e.path("Properties").path("spark.job.description").asText("");
                String phase = description.contains("rollout") ? "rollout"
                        : description.contains("PPO epoch") ? "PPO epoch" : description;
                e.path("Stage IDs").forEach(id -> phaseByStage.put(id.asInt(), phase));
            } else if (type.equals("SparkListenerTaskEnd")) {
                String phase = phaseByStage.get(e.path("Stage ID").asInt());
                executors.computeIfAbsent(phase, k -> new HashSet<>()).add(e.path("Task Info").path("Executor ID").asText());
            }
        }
        return executors;
    }

    private static void awaitLog(Path log, String text, int times, Process owner) throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)) {
                String content = Files.readString(log);
                if (content.split(text, -1).length - 1 >= times) {
                    return;
                }
            }
            assertTrue(owner.isAlive(), "process died:\n" + (Files.exists(log) ? tail(Files.readString(log)) : ""));
            Thread.sleep(250);
        }
        throw new AssertionError("'" + text + "' did not appear " + times + " times in " + log + " within "
                + START_TIMEOUT + ":\n" + tail(Files.readString(log)));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String tail(String log) {
        return log.length() <= 6000 ? log : log.substring(log.length() - 6000);
    }
}
