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
        EpisodeLog episodes = EpisodeLog.resume(run, lastStep);

        RunReportWriter.write(run, config.envId(), savedRun.configText(), registry.dynamics(config.envId()).spec().rewardThreshold(),
                metrics, episodes);
        for (String file : List.of(RunReport.FILE_NAME, LearningCurvePlots.RETURNS, LearningCurvePlots.DIAGNOSTICS)) {
            out.println("wrote " + run.root() + "/" + file);
        }
        return PpoMain.EXIT_OK;
    }

    static List<Map<String, Double>> readMetrics(RunDirectory run) {
        requireFile(run, MetricsLog.JSONL, "one row of metrics per iteration");
        List<Map<String, Double>> rows = MetricsLog.resume(run, Integer.MAX_VALUE).rows();
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
        }
        return rows;
    }

    private static void requireFile(RunDirectory run, String name, String holding) {
        if (run.read(name).isEmpty()) {
            throw new BadInputException("--run-dir: expected " + name + " (" + holding + ") in the run directory, "
                    + "found none at " + run.root() + "/" + name);
        }
    }
}
