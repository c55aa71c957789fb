package org.sparkppo.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sparkppo.config.BadInputException;
import org.sparkppo.config.PpoConfig;
import org.sparkppo.env.EnvRegistry;
import org.sparkppo.io.RunDirectory;
import org.sparkppo.metrics.EpisodeLog;
import org.sparkppo.metrics.MetricKeys;
import org.sparkppo.metrics.MetricsLog;
import org.sparkppo.report.LearningCurvePlots;
import org.sparkppo.report.RunReport;
import org.sparkppo.report.RunReportWriter;
import org.sparkppo.report.RunSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code report}: (re)writes a run's plots and report.html from the files in its directory; no Spark. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write a run's learning-curve plots and report.html from its config.conf, metrics and episodes.")
final class ReportCommand implements Callable<Integer> {
    private static final List<String> REQUIRED_COLUMNS = List.of(MetricKeys.ITERATION, MetricKeys.TOTAL_TIMESTEPS,
            MetricKeys.TIME_ELAPSED);
    /** Columns that count (iterations, environment steps): whole numbers, never negative. */
    private static final List<String> COUNT_COLUMNS = List.of(MetricKeys.ITERATION, MetricKeys.TOTAL_TIMESTEPS);

    @Option(names = "--run-dir", required = true, paramLabel = "URI",
            description = "The run directory (<output-dir>/<run-id>) holding config.conf, metrics.jsonl and episodes.csv.")
    String runDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        SavedRun savedRun = SavedRun.open(runDir);
        RunDirectory run = savedRun.run();
        EnvRegistry registry = savedRun.registry();
        PpoConfig config = savedRun.config();
        List<Map<String, Double>> metrics = readMetrics(run);
        long lastStep = metrics.get(metrics.size() - 1).get(MetricKeys.TOTAL_TIMESTEPS).longValue();
        requireFile(run, EpisodeLog.CSV, "the finished training episodes");
        // Episodes past the last metrics row belong to an iteration that was never logged.
        EpisodeLog episodes = EpisodeLog.read(run, lastStep);
        requirePlottableReturns(run, episodes);

        RunReportWriter.write(run, config.envId(), savedRun.configText(), registry.family(config.envId()).spec().rewardThreshold(),
                metrics, episodes);
        for (String file : List.of(RunReport.FILE_NAME, LearningCurvePlots.RETURNS, LearningCurvePlots.DIAGNOSTICS)) {
            out.println("wrote " + run.root() + "/" + file);
        }
        return PpoMain.EXIT_OK;
    }

    static List<Map<String, Double>> readMetrics(RunDirectory run) {
        requireFile(run, MetricsLog.JSONL, "one row of metrics per iteration");
        List<Map<String, Double>> rows = MetricsLog.read(run).rows();
        String file = run.root() + "/" + MetricsLog.JSONL;
        if (rows.isEmpty()) {
            throw new BadInputException(file + ": expected one row of metrics per iteration, found none "
                    + "(did the run finish an iteration?)");
        }
        for (int i = 0; i < rows.size(); i++) {
            for (String key : REQUIRED_COLUMNS) {
                Double value = rows.get(i).get(key);
                if (value == null || !Double.isFinite(value)) {
                    throw new BadInputException(file + ": expected a number for " + key + " in every row, found "
                            + (value == null ? "none" : value) + " in row " + (i + 1));
                }
            }
            for (String key : COUNT_COLUMNS) {
                double value = rows.get(i).get(key);
                if (value < 0 || value != Math.rint(value) || value >= 0x1p63) {
                    throw new BadInputException(file + ": expected a whole number >= 0 for " + key + " in every row, "
                            + "found " + value + " in row " + (i + 1));
                }
            }
        }
        return rows;
    }

    /**
     * Every return finite, and small enough that a sum of a rolling window and one more (the plot's running
     * sum) stays finite: a training run stops at the first non-finite value, so anything else was written
     * into the file by hand.
     */
    private static void requirePlottableReturns(RunDirectory run, EpisodeLog episodes) {
        double limit = Double.MAX_VALUE / (RunSummary.WINDOW + 1);
        List<Double> returns = episodes.returns();
        for (int i = 0; i < returns.size(); i++) {
            double r = returns.get(i);
            if (!(Math.abs(r) <= limit)) {
                throw new BadInputException(run.root() + "/" + EpisodeLog.CSV + ": expected returns of magnitude at most "
                        + limit + " (finite, and finite summed over " + (RunSummary.WINDOW + 1) + " episodes), found "
                        + r + " for episode " + (i + 1));
            }
        }
    }

    private static void requireFile(RunDirectory run, String name, String holding) {
        if (run.read(name).isEmpty()) {
            throw new BadInputException("--run-dir: expected " + name + " (" + holding + ") in the run directory, "
                    + "found none at " + run.root() + "/" + name);
        }
    }
}
