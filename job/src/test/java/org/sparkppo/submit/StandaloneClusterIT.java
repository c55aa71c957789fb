package org.sparkppo.submit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real standalone cluster on 127.0.0.1 ({@link LocalStandaloneCluster}), the job submitted through
 * {@code ./submit.sh --master spark://... --properties-file conf/spark/cluster.properties} (Kryo with
 * registration required): it completes, Spark's event log shows one job of one stage per iteration
 * whose tasks (rollout and PPO epochs, synchronized over the run's channel) ran in executor JVMs, on
 * both workers' executors, not in the driver, and the final parameters are bit-identical to a
 * {@code local[2]} run of the same config and seed. On the same cluster a GridMaze-v0 run (action
 * masks travel with the samples through Kryo) and a recurrent CartPoleNoVel-v1 run (the LSTM's
 * architecture, and every environment's LSTM state in the partition states, travel to executor JVMs
 * and back) also end bit-identical to their {@code local[2]} runs.
 */
class StandaloneClusterIT {
    @TempDir
    Path work;

    @Test
    void trainsOnAStandaloneClusterWithEveryIterationInExecutorJvms() throws Exception {
        SubmitRuns runs = new SubmitRuns(work, "--set", "run.totalTimesteps=2048", "--set", "rollout.numSteps=64");
        SubmitRuns masked = new SubmitRuns(work, "--config",
                LocalStandaloneCluster.REPO.resolve("conf/ppo/gridmaze.conf").toString(),
                "--set", "run.totalTimesteps=2048", "--set", "rollout.numSteps=64");
        SubmitRuns recurrent = new SubmitRuns(work, "--set", "env.id=CartPoleNoVel-v1", "--set", "model.recurrent=true",
                "--set", "model.lstmHiddenSize=16", "--set", "model.sequenceLength=16",
                "--set", "run.totalTimesteps=2048", "--set", "rollout.numSteps=64");
        Path events = Files.createDirectories(work.resolve("events"));
        try (LocalStandaloneCluster cluster = LocalStandaloneCluster.start(work)) {
            runs.runToSuccess("cluster", cluster.masterUrl(), clusterOptions(
                    "--conf", "spark.eventLog.enabled=true", "--conf", "spark.eventLog.dir=" + events.toUri(),
                    // Start scheduling only once both workers' executors are up, so tasks can spread. Spark
                    // stops waiting after 30 s by default; a loaded 2-core machine once took longer to start
                    // the second executor, and every rollout ran on the first.
                    "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0",
                    "--conf", "spark.scheduler.maxRegisteredResourcesWaitingTime=180s"));
            masked.runToSuccess("cluster-masked", cluster.masterUrl(), clusterOptions());
            recurrent.runToSuccess("cluster-recurrent", cluster.masterUrl(), clusterOptions());
        }
        runs.runToSuccess("local", "local[2]");
        assertArrayEquals(runs.finalParameters("local"), runs.finalParameters("cluster"), 0.0,
                "the cluster run's parameters differ from the local[2] run's");
        masked.runToSuccess("local-masked", "local[2]");
        assertArrayEquals(masked.finalParameters("local-masked"), masked.finalParameters("cluster-masked"), 0.0,
                "the masked (GridMaze-v0) cluster run's parameters differ from the local[2] run's");
        recurrent.runToSuccess("local-recurrent", "local[2]");
        assertArrayEquals(recurrent.finalParameters("local-recurrent"), recurrent.finalParameters("cluster-recurrent"),
                0.0, "the recurrent (LSTM) cluster run's parameters differ from the local[2] run's");

        // cartpole.conf: 2 partitions × 4 envs × 64 steps = 512 steps per iteration, 4 iterations.
        Map<String, Set<String>> executorsByJob = executorsByJob(events);
        assertEquals(4, executorsByJob.size(), "one Spark job per iteration: " + executorsByJob.keySet());
        for (Map.Entry<String, Set<String>> job : executorsByJob.entrySet()) {
            Set<String> executors = job.getValue();
            assertFalse(executors.contains("driver"), job.getKey() + ": tasks ran in the driver: " + executors);
            assertEquals(2, executors.size(), job.getKey() + ": tasks should use both workers' executors: "
                    + executors);
        }
    }

    /** The cluster's properties file, the driver on the loopback address and {@code extra}. */
    private static String[] clusterOptions(String... extra) {
        List<String> options = new java.util.ArrayList<>(List.of(
                "--properties-file", LocalStandaloneCluster.REPO.resolve("conf/spark/cluster.properties").toString(),
                "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
                "--conf", "spark.executor.memory=1g"));
        options.addAll(List.of(extra));
        return options.toArray(String[]::new);
    }

    /** Job description → executor ids that ran its tasks; fails if a job has more than one stage. */
    private static Map<String, Set<String>> executorsByJob(Path events) throws IOException {
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
                assertEquals(1, e.path("Stage IDs").size(), description + ": stages " + e.path("Stage IDs"));
                e.path("Stage IDs").forEach(id -> phaseByStage.put(id.asInt(), description));
            } else if (type.equals("SparkListenerTaskEnd")) {
                String phase = phaseByStage.get(e.path("Stage ID").asInt());
                executors.computeIfAbsent(phase, k -> new HashSet<>()).add(e.path("Task Info").path("Executor ID").asText());
            }
        }
        return executors;
    }
}
