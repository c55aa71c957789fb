package org.sparkppo.report;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.sparkppo.io.RunDirectory;
import org.sparkppo.metrics.EpisodeLog;

/**
 * Driver-only: writes a run's report into its directory: the two {@link LearningCurvePlots} PNGs and
 * {@value RunReport#FILE_NAME}, which embeds them. Everything is rendered before the first file is
 * written, and each file is written atomically.
 */
public final class RunReportWriter {

    private RunReportWriter() {
    }

    /**
     * Writes the plots and the page.
     *
     * @param run             the run directory; its name is the run id
     * @param envId           the environment trained on
     * @param configText      the resolved config as saved in the run directory
     * @param rewardThreshold the environment's reward threshold, if defined
     * @param metrics         the run's metrics rows, one per iteration; at least one
     * @param episodes        the run's finished training episodes
     */
    public static void write(RunDirectory run, String envId, String configText, OptionalDouble rewardThreshold,
                             List<Map<String, Double>> metrics, EpisodeLog episodes) {
        byte[] returns = LearningCurvePlots.returnsPng(envId, rewardThreshold, episodes);
        byte[] diagnostics = LearningCurvePlots.diagnosticsPng(envId, metrics);
        String html = RunReport.html(run.root().getName(), envId, configText,
                RunSummary.of(metrics, episodes, rewardThreshold), returns, diagnostics);
        run.write(LearningCurvePlots.RETURNS, returns);
        run.write(LearningCurvePlots.DIAGNOSTICS, diagnostics);
        run.write(RunReport.FILE_NAME, html.getBytes(StandardCharsets.UTF_8));
    }
}
