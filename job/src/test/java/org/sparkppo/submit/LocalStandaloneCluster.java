package org.sparkppo.submit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A Spark standalone master and two one-core workers on 127.0.0.1, started from the Maven-resolved
 * Spark jars ({@code job/target/spark-jars} as {@code SPARK_HOME/jars}). {@link #close()} stops
 * every process it started, by pid, executors included.
 */
final class LocalStandaloneCluster implements AutoCloseable {
    static final Path REPO = Path.of(System.getProperty("spark.ppo.repoRoot", "..")).toAbsolutePath().normalize();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path work;
    private final List<Process> processes = new ArrayList<>();
    private final List<Process> workers = new ArrayList<>();
    private final String masterUrl;

    private LocalStandaloneCluster(Path work, int masterPort) {
        this.work = work;
        this.masterUrl = "spark://127.0.0.1:" + masterPort;
    }

    static LocalStandaloneCluster start(Path work) throws Exception {
        Path sparkJars = REPO.resolve("job/target/spark-jars");
        assertTrue(Files.isDirectory(sparkJars), "missing " + sparkJars + " (built by `mvn package`)");
        Path sparkHome = Files.createDirectories(work.resolve("spark-home"));
        Files.createSymbolicLink(sparkHome.resolve("jars"), sparkJars);
        LocalStandaloneCluster cluster = new LocalStandaloneCluster(work, freePort());
        try {
            Process master = cluster.daemon(sparkHome, "master", "org.apache.spark.deploy.master.Master",
                    "--host", "127.0.0.1", "--port", cluster.masterUrl.substring(cluster.masterUrl.lastIndexOf(':') + 1),
                    "--webui-port", String.valueOf(freePort()));
            for (int w = 1; w <= 2; w++) {
                cluster.workers.add(cluster.daemon(sparkHome, "worker" + w, "org.apache.spark.deploy.worker.Worker",
                        "--host", "127.0.0.1", "--cores", "1", "--memory", "3g", "--webui-port",
                        String.valueOf(freePort()), "--work-dir",
                        Files.createDirectories(work.resolve("worker" + w + "-dir")).toString(), cluster.masterUrl));
            }
            awaitLog(work.resolve("master.log"), "Registering worker", 2, master);
            return cluster;
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    String masterUrl() {
        return masterUrl;
    }

    /** The executor JVMs the workers have launched, as live process handles. */
    /**
     * The process of executor {@code executorId} of application {@code appId} (an earlier application's
     * executors may still be exiting beside it), if it runs.
     */
    Optional<ProcessHandle> executor(String appId, String executorId) {
        return workers.stream().flatMap(Process::descendants).filter(h -> h.info().commandLine()
                .map(c -> c.contains("CoarseGrainedExecutorBackend") && c.contains("--app-id " + appId)
                        && c.contains("--executor-id " + executorId + " "))
                .orElse(false)).findFirst();
    }

    private Process daemon(Path sparkHome, String name, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m", "-cp", sparkHome.resolve("jars") + "/*", mainClass));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".log").toFile());
        builder.environment().put("SPARK_HOME", sparkHome.toString());
        builder.environment().put("SPARK_SCALA_VERSION", "2.12");
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    @Override
    public void close() throws InterruptedException {
        // Workers first (SIGTERM lets them kill their executors), then anything left of their process trees.
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            List<ProcessHandle> tree = p.descendants().toList();
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            tree.forEach(ProcessHandle::destroyForcibly);
        }
        for (Process p : processes) {
            assertTrue(!p.isAlive(), "process " + p.pid() + " still alive");
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void awaitLog(Path log, String text, int times, Process owner) throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).split(text, -1).length - 1 >= times) {
                return;
            }
            assertTrue(owner.isAlive(), "process died:\n" + (Files.exists(log) ? Files.readString(log) : ""));
            Thread.sleep(250);
        }
        throw new AssertionError("'" + text + "' did not appear " + times + " times in " + log + " within "
                + START_TIMEOUT);
    }
}
