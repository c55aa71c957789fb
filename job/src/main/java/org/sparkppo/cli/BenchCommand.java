package org.sparkppo.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.sparkppo.bench.RolloutInferenceBenchmark;
import org.sparkppo.bench.SparkJobCounter;
import org.sparkppo.io.RunDirectory;
import org.sparkppo.metrics.MetricKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: the throughput benchmark. Trains CartPole-v1 at CleanRL's {@code ppo.py} hyperparameters
 * (2 partitions × 2 envs × 128 steps = CleanRL's 4 envs × 128, 4 epochs, minibatches of 128 in total,
 * lr 2.5e-4 annealed, entropy 0.01, value clipping 0.2) once per sync mode, in this JVM, and prints a
 * table: env steps/s of the training loop (overall, and from the second iteration on), the median
 * per-iteration rollout, update and Spark-stage-overhead times, and the Spark jobs and stages per
 * iteration; then the rollout inference micro-benchmark (µs per forward call, DL4J against the plain-Java
 * pass). The figures are measurements of this machine: compare with the Python peers side by side
 * ({@code ../shared/peers/side_by_side.sh}).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Throughput at CleanRL's hyperparameters in each sync mode (env steps/s, phase times, Spark "
                + "jobs per iteration), then rollout inference cost.")
final class BenchCommand implements Callable<Integer> {
    /** CleanRL ppo.py's defaults for CartPole-v1, as this project's keys (minibatchSize is per partition). */
    static final List<String> CLEANRL_HYPERPARAMETERS = List.of("env.id=CartPole-v1", "rollout.numPartitions=2",
            "rollout.envsPerPartition=2", "rollout.numSteps=128", "training.numEpochs=4", "training.minibatchSize=64",
            "training.learningRate=2.5e-4", "training.annealLearningRate=true", "training.gamma=0.99",
            "training.gaeLambda=0.95", "training.clipRange=0.2", "training.valueClipRange=0.2",
            "training.entropyCoef=0.01", "training.valueCoef=0.5", "training.maxGradNorm=0.5",
            "training.advantageNormalization=minibatch");

    @Option(names = "--steps", paramLabel = "N", defaultValue = "100352",
            description = "Environment steps per run (default: ${DEFAULT-VALUE}, as side_by_side.sh).")
    long steps;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Run seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--sync", paramLabel = "MODE,…", split = ",",
            defaultValue = "gradient,parameter-averaging,iteration-averaging",
            description = "Sync modes to measure (default: ${DEFAULT-VALUE}).")
    List<String> syncModes;

    @Option(names = "--output-dir", paramLabel = "URI", defaultValue = "runs/bench",
            description = "Parent of the runs and of bench.md (default: ${DEFAULT-VALUE}).")
    String outputDir;

    @Option(names = "--no-inference", description = "Skip the rollout inference micro-benchmark.")
    boolean noInference;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        String listeners = System.getProperty("spark.extraListeners", "");
        System.setProperty("spark.extraListeners", (listeners.isEmpty() ? "" : listeners + ",")
                + SparkJobCounter.class.getName());
        StringBuilder table = new StringBuilder("| CartPole-v1, CleanRL hyperparameters, " + steps + " steps, seed " + seed
                + " | env steps/s | env steps/s after iteration 1 | rollout ms/iter | update ms/iter | "
                + "stage overhead ms/iter | Spark jobs/iter | Spark stages/iter | final rolling-20 return |\n"
                + "|---|---|---|---|---|---|---|---|---|\n");
        for (String sync : syncModes) {
            String runId = "cleanrl-hp-" + sync + "-seed" + seed;
            List<String> args = new ArrayList<>(List.of("train", "--run-id", runId, "--output-dir", outputDir));
            for (String setting : CLEANRL_HYPERPARAMETERS) {
                args.addAll(List.of("--set", setting));
            }
            args.addAll(List.of("--set", "training.sync=" + sync, "--set", "run.seed=" + seed, "--set",
                    "run.totalTimesteps=" + steps));
            SparkJobCounter.reset();
            int status = PpoMain.run(args.toArray(String[]::new), new PrintStream(System.out, true),
                    new PrintStream(System.err, true));
            if (status != PpoMain.EXIT_OK) {
                spec.commandLine().getErr().println("bench: the " + sync + " run exited with status " + status);
                return status;
            }
            List<Map<String, Double>> metrics = ReportCommand.readMetrics(
                    RunDirectory.open(outputDir, runId, new Configuration()));
            table.append(row(sync, metrics));
        }
        out.print(table);
        out.flush();
        RunDirectory.openOutputDir(outputDir, new Configuration()).writeText("bench.md", table.toString());
        if (!noInference) {
            RolloutInferenceBenchmark.run();
        }
        return PpoMain.EXIT_OK;
    }

    private static String row(String sync, List<Map<String, Double>> metrics) {
        Map<String, Double> first = metrics.get(0);
        Map<String, Double> last = metrics.get(metrics.size() - 1);
        int iterations = metrics.size();
        double steps = last.get(MetricKeys.TOTAL_TIMESTEPS);
        double elapsed = last.get(MetricKeys.TIME_ELAPSED);
        double warm = (steps - first.get(MetricKeys.TOTAL_TIMESTEPS)) / (elapsed - first.get(MetricKeys.TIME_ELAPSED));
        return String.format(Locale.ROOT, "| `training.sync=%s` | %.0f | %.0f | %.1f | %.1f | %.1f | %.2f | %.2f | %.1f |%n",
                sync, steps / elapsed, warm, 1e3 * median(metrics, MetricKeys.ROLLOUT_SECONDS),
                1e3 * median(metrics, MetricKeys.TRAIN_SECONDS), 1e3 * median(metrics, MetricKeys.STAGE_OVERHEAD_SECONDS),
                (double) SparkJobCounter.JOBS.get() / iterations, (double) SparkJobCounter.STAGE_ATTEMPTS.get() / iterations,
                last.get(MetricKeys.EP_REW_MEAN_20));
    }

    private static double median(List<Map<String, Double>> metrics, String key) {
        double[] values = metrics.stream().mapToDouble(m -> m.get(key)).sorted().toArray();
        return values.length % 2 == 1 ? values[values.length / 2]
                : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }
}
