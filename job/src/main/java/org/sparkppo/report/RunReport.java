package org.sparkppo.report;

import java.util.Base64;
import java.util.Locale;
import java.util.function.Function;
import org.sparkppo.metrics.MetricKeys;
import org.sparkppo.report.RunSummary.EvaluationReturns;
import org.sparkppo.report.RunSummary.PhaseSplit;
import org.sparkppo.report.RunSummary.Solved;
import org.sparkppo.report.RunSummary.StepValue;

/**
 * Driver-only: a run's {@value #FILE_NAME} as one static, self-contained HTML page (inline CSS, the
 * plots embedded as base64 PNG data URIs, no scripts, nothing fetched), readable offline.
 */
public final class RunReport {
    public static final String FILE_NAME = "report.html";
    private static final String CSS = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;margin:2em auto;\
            max-width:1400px;padding:0 1em;color:#222;line-height:1.4}
            h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ddd}
            table{border-collapse:collapse}td,th{padding:.25em .8em;border-bottom:1px solid #eee;text-align:left;\
            vertical-align:top}td.n{text-align:right;font-variant-numeric:tabular-nums}
            img{max-width:100%;height:auto;border:1px solid #eee}
            pre{background:#f6f8fa;padding:1em;overflow:auto;font-size:.85em}
            .note{color:#555;font-size:.9em;max-width:60em}
            """;

    private RunReport() {
    }

    /**
     * The page.
     *
     * @param runId          the run directory's name
     * @param envId          the environment trained on
     * @param configText     the resolved config as saved in the run directory (shown verbatim)
     * @param summary        the run's numbers
     * @param returnsPng     {@link LearningCurvePlots#RETURNS}'s bytes
     * @param diagnosticsPng {@link LearningCurvePlots#DIAGNOSTICS}'s bytes
     */
    public static String html(String runId, String envId, String configText, RunSummary summary, byte[] returnsPng,
                              byte[] diagnosticsPng) {
        StringBuilder page = new StringBuilder();
        String title = envId + " · " + runId;
        page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(escape("PPO report: " + title)).append("</title>\n<style>\n").append(CSS)
                .append("</style>\n</head>\n<body>\n<h1>PPO on ").append(escape(envId)).append("</h1>\n<p>run <code>")
                .append(escape(runId)).append("</code></p>\n");

        page.append("<h2>Summary</h2>\n<table>\n");
        row(page, "environment steps", integer(summary.totalSteps()));
        row(page, "iterations", integer(summary.iterations()));
        row(page, "training episodes", integer(summary.episodes()));
        row(page, "wall clock", duration(summary.elapsedSeconds()));
        row(page, "final return (mean of the last " + RunSummary.WINDOW + " episodes)", number(summary.finalReturn()));
        row(page, "best return (best rolling mean of " + RunSummary.WINDOW + " episodes)", summary.bestReturn()
                .map(RunReport::atStep).orElse("fewer than " + RunSummary.WINDOW + " episodes"));
        row(page, "reward threshold", summary.rewardThreshold().isPresent()
                ? number(summary.rewardThreshold().getAsDouble()) : "no threshold");
        row(page, "steps to threshold", thresholdCell(summary, s -> integer(s.step())));
        row(page, "wall clock to threshold", thresholdCell(summary, s -> duration(s.elapsedSeconds())));
        row(page, "throughput (steps / wall clock)", rate(summary.overallFps()));
        row(page, "median iteration throughput (time/fps)", rate(summary.medianIterationFps()));
        summary.evaluation().ifPresent(e -> evaluationRows(page, e));
        page.append("</table>\n");
        page.append("<p class=\"note\">Rolling means are over ").append(RunSummary.WINDOW)
                .append(" consecutive training episodes (stochastic policy), counting only full windows. ")
                .append("<b>Solved</b> = the first global environment step at which the mean return of the last ")
                .append(RunSummary.WINDOW).append(" training episodes reaches the environment's reward threshold ")
                .append("(Gymnasium's <code>reward_threshold</code>); its wall clock is <code>time/time_elapsed</code> ")
                .append("of the iteration that collected that step.</p>\n");

        page.append("<h2>Where the time went</h2>\n<table>\n<tr><th>phase</th><th>seconds</th><th>share</th></tr>\n");
        PhaseSplit phases = summary.phases();
        double total = summary.elapsedSeconds();
        phaseRow(page, "rollout + GAE (time/rollout_s)", phases.rolloutSeconds(), total);
        phaseRow(page, "PPO epochs (time/train_s)", phases.trainSeconds(), total);
        phaseRow(page, "Spark stage overhead: scheduling, broadcast, synchronization waits, results (time/stage_overhead_s)", phases.stageOverheadSeconds(), total);
        phaseRow(page, "driver bookkeeping (the rest)", phases.bookkeepingSeconds(), total);
        phaseRow(page, "total (time/time_elapsed)", total, total);
        page.append("</table>\n");

        page.append("<h2>Episodic return</h2>\n");
        image(page, returnsPng, envId + ": return of every training episode against environment steps");
        page.append("<h2>Training diagnostics</h2>\n");
        image(page, diagnosticsPng, envId + ": approx. KL, clip fraction, entropy, value loss, explained variance, fps");

        page.append("<h2>Resolved config</h2>\n<pre>").append(escape(configText)).append("</pre>\n");
        page.append("</body>\n</html>\n");
        return page.toString();
    }

    private static void evaluationRows(StringBuilder page, EvaluationReturns evaluation) {
        row(page, "last evaluation return (" + MetricKeys.EVAL_MEAN_REWARD + ")", atStep(evaluation.last()));
        row(page, "best evaluation return", atStep(evaluation.best()));
    }

    private static String thresholdCell(RunSummary summary, Function<Solved, String> cell) {
        if (summary.rewardThreshold().isEmpty()) {
            return "no threshold";
        }
        return summary.solved().map(cell).orElse("not reached");
    }

    private static void row(StringBuilder page, String label, String value) {
        page.append("<tr><th>").append(escape(label)).append("</th><td class=\"n\">").append(escape(value))
                .append("</td></tr>\n");
    }

    private static void phaseRow(StringBuilder page, String label, double seconds, double total) {
        page.append("<tr><th>").append(escape(label)).append("</th><td class=\"n\">")
                .append(String.format(Locale.ROOT, "%.1f s", seconds)).append("</td><td class=\"n\">")
                .append(String.format(Locale.ROOT, "%.1f %%", 100 * seconds / total)).append("</td></tr>\n");
    }

    private static void image(StringBuilder page, byte[] png, String alt) {
        page.append("<p><img alt=\"").append(escape(alt)).append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(png)).append("\"></p>\n");
    }

    private static String atStep(StepValue value) {
        return number(value.value()) + " at step " + integer(value.step());
    }

    private static String rate(double stepsPerSecond) {
        return Double.isNaN(stepsPerSecond) ? "n/a" : String.format(Locale.ROOT, "%,.0f steps/s", stepsPerSecond);
    }

    private static String integer(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%,.1f", value);
    }

    /** Seconds as {@code 12.3 s} below a minute, {@code 4 min 05 s} above. */
    private static String duration(double seconds) {
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        long whole = Math.round(seconds);
        return String.format(Locale.ROOT, "%d min %02d s", whole / 60, whole % 60);
    }

    /** Text as HTML content or attribute value. */
    private static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
