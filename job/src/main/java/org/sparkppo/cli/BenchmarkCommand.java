package org.sparkppo.cli;

import java.io.File;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.sparkppo.config.PpoConfig;
import org.sparkppo.config.PpoConfigLoader;
import org.sparkppo.env.EnvRegistry;
import org.sparkppo.io.RunDirectory;
import org.sparkppo.metrics.EpisodeLog;
import org.sparkppo.metrics.MetricKeys;
import org.sparkppo.report.RunSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code benchmark}: the learning benchmark. Trains one config for several seeds, one after the
 * other in this JVM (each run is a normal run directory {@code <output-dir>/<env>-seed<S>} that
 * resumes if interrupted), then prints and writes {@code <env>-benchmark.md}: per seed the steps and
 * wall clock to the environment's reward threshold or {@code --threshold} (rolling mean of 20
 * training episodes), the final
 * and best rolling mean, the last deterministic evaluation, the run's wall clock and throughput,
 * and the medians.
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
        description = "Train a config for several seeds and write a table: steps and wall clock to the reward "
                + "threshold, final return, wall clock, steps/s.")
final class BenchmarkCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", required = true, description = "HOCON config file; repeatable.")
    List<File> configFiles = new ArrayList<>();

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one key; repeatable.")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--seeds", paramLabel = "S,S,…", split = ",", defaultValue = "0,1,2",
            description = "Seeds to run (default: ${DEFAULT-VALUE}).")
    List<Long> seeds;

    @Option(names = "--threshold", paramLabel = "RETURN",
            description = "Return the rolling mean must reach (default: the environment's reward threshold).")
    Double threshold;

    @Option(names = "--output-dir", paramLabel = "URI", defaultValue = "runs/benchmark",
            description = "Parent of the runs and of the table (default: ${DEFAULT-VALUE}).")
    String outputDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        EnvRegistry registry = EnvRegistry.load();
        PpoConfig config = new PpoConfigLoader(registry).load(configFiles, overrides);
        String envId = config.envId();
        OptionalDouble target = threshold == null ? registry.spec(envId).rewardThreshold() : OptionalDouble.of(threshold);
        List<String[]> rows = new ArrayList<>();
        List<RunSummary> summaries = new ArrayList<>();
        for (long seed : seeds) {
            String runId = envId + "-seed" + seed;
            List<String> args = new ArrayList<>(List.of("train", "--run-id", runId, "--output-dir", outputDir));
            configFiles.forEach(f -> args.addAll(List.of("--config", f.getPath())));
            overrides.forEach(o -> args.addAll(List.of("--set", o)));
            args.addAll(List.of("--set", "run.seed=" + seed));
            int status = PpoMain.run(args.toArray(String[]::new), new PrintStream(System.out, true),
                    new PrintStream(System.err, true));
            if (status != PpoMain.EXIT_OK) {
                spec.commandLine().getErr().println("benchmark: the run for seed " + seed + " exited with status "
                        + status + "; no table written");
                return status;
            }
            RunDirectory run = RunDirectory.open(outputDir, runId, new Configuration());
            List<Map<String, Double>> metrics = ReportCommand.readMetrics(run);
            long lastStep = metrics.get(metrics.size() - 1).get(MetricKeys.TOTAL_TIMESTEPS).longValue();
            RunSummary summary = RunSummary.of(metrics, EpisodeLog.read(run, lastStep), target);
            summaries.add(summary);
            rows.add(row(Long.toString(seed), summary));
        }
        StringBuilder table = new StringBuilder();
        table.append("| ").append(envId).append(" seed | steps to threshold (")
                .append(target.isPresent() ? fmt(target.getAsDouble()) : "none").append(") | wall clock to threshold (s) | final return "
                + "(mean of last 20) | best rolling mean | last eval/mean_reward | wall clock (s) | steps/s |\n");
        table.append("|---|---|---|---|---|---|---|---|\n");
        for (String[] r : rows) {
            table.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        table.append("| median | ").append(String.join(" | ", medians(summaries))).append(" |\n");
        out.print(table);
        out.flush();
        RunDirectory.openOutputDir(outputDir, new Configuration()).writeText(envId + "-benchmark.md", table.toString());
        return PpoMain.EXIT_OK;
    }

    private static String[] row(String label, RunSummary s) {
        return new String[] {label,
            s.solved().map(v -> Long.toString(v.step())).orElse("not reached"),
            s.solved().map(v -> fmt(v.elapsedSeconds())).orElse("-"),
            fmt(s.finalReturn()),
            s.bestReturn().map(v -> fmt(v.value())).orElse("-"),
            s.evaluation().map(e -> fmt(e.last().value())).orElse("-"),
            fmt(s.elapsedSeconds()),
            String.format(Locale.ROOT, "%.0f", s.overallFps())};
    }

    /** Medians over seeds; a seed that never reached the threshold counts as infinitely slow. */
    private static String[] medians(List<RunSummary> s) {
        double steps = median(s.stream().mapToDouble(r -> r.solved().map(v -> (double) v.step())
                .orElse(Double.POSITIVE_INFINITY)).toArray());
        double seconds = median(s.stream().mapToDouble(r -> r.solved().map(RunSummary.Solved::elapsedSeconds)
                .orElse(Double.POSITIVE_INFINITY)).toArray());
        return new String[] {
            Double.isInfinite(steps) ? "not reached" : String.format(Locale.ROOT, "%.0f", steps),
            Double.isInfinite(seconds) ? "-" : fmt(seconds),
            fmt(median(s.stream().mapToDouble(RunSummary::finalReturn).toArray())),
            fmt(median(s.stream().mapToDouble(r -> r.bestReturn().map(RunSummary.StepValue::value)
                    .orElse(Double.NaN)).toArray())),
            fmt(median(s.stream().mapToDouble(r -> r.evaluation().map(e -> e.last().value())
                    .orElse(Double.NaN)).toArray())),
            fmt(median(s.stream().mapToDouble(RunSummary::elapsedSeconds).toArray())),
            String.format(Locale.ROOT, "%.0f", median(s.stream().mapToDouble(RunSummary::overallFps).toArray()))};
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }
}
