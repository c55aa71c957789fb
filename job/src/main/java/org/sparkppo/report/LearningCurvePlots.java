package org.sparkppo.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.sparkppo.metrics.EpisodeLog;
import org.sparkppo.metrics.MetricKeys;

/**
 * Driver-only: the learning curves of a run as PNG images, drawn with XChart
 * (no display needed): {@value #RETURNS} (every training episode's return against environment
 * steps, the rolling mean of the last {@value RunSummary#WINDOW}, and the environment's reward threshold) and
 * {@value #DIAGNOSTICS} (approx. KL, clip fraction, entropy, value loss, explained variance and
 * fps against iteration, one panel each).
 */
public final class LearningCurvePlots {
    public static final String RETURNS = "episodic_return.png";
    public static final String DIAGNOSTICS = "training_diagnostics.png";
    static final int WIDTH = 900;
    static final int HEIGHT = 500;
    static final int PANEL_WIDTH = 450;
    static final int PANEL_HEIGHT = 300;
    private static final List<String[]> PANELS = List.of(
            new String[] {MetricKeys.APPROX_KL, "approx. KL"},
            new String[] {MetricKeys.CLIP_FRACTION, "clip fraction"},
            new String[] {MetricKeys.ENTROPY_LOSS, "entropy loss (−entropy)"},
            new String[] {MetricKeys.VALUE_LOSS, "value loss"},
            new String[] {MetricKeys.EXPLAINED_VARIANCE, "explained variance"},
            new String[] {MetricKeys.FPS, "env steps per second"});

    private LearningCurvePlots() {
    }

    /** {@value #RETURNS}: every episode's return, the rolling mean, the threshold if defined. */
    public static byte[] returnsPng(String envId, OptionalDouble rewardThreshold, EpisodeLog episodes) {
        return png(returns(envId, rewardThreshold, episodes));
    }

    /** {@value #DIAGNOSTICS}: one panel per diagnostic, against iteration. */
    public static byte[] diagnosticsPng(String envId, List<Map<String, Double>> metrics) {
        return png(diagnostics(envId, metrics));
    }

    static BufferedImage returns(String envId, OptionalDouble threshold, EpisodeLog episodes) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(envId + ": episodic return")
                .xAxisTitle("environment steps").yAxisTitle("return").build();
        chart.getStyler().setMarkerSize(3);
        List<Long> steps = episodes.globalSteps();
        List<Double> returns = episodes.returns();
        if (!steps.isEmpty()) {
            XYSeries raw = chart.addSeries("episode", steps, returns);
            raw.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            raw.setMarkerColor(new Color(120, 160, 220, 110));
            List<Double> rolling = new ArrayList<>();
            double sum = 0;
            for (int i = 0; i < returns.size(); i++) {
                sum += returns.get(i) - (i >= RunSummary.WINDOW ? returns.get(i - RunSummary.WINDOW) : 0);
                rolling.add(sum / Math.min(i + 1, RunSummary.WINDOW));
            }
            XYSeries mean = chart.addSeries("mean of last " + RunSummary.WINDOW, steps, rolling);
            mean.setMarker(SeriesMarkers.NONE);
            mean.setLineColor(new Color(20, 60, 160));
            if (threshold.isPresent()) {
                XYSeries line = chart.addSeries("reward threshold " + threshold.getAsDouble(),
                        List.of(steps.get(0), steps.get(steps.size() - 1)),
                        List.of(threshold.getAsDouble(), threshold.getAsDouble()));
                line.setMarker(SeriesMarkers.NONE);
                line.setLineColor(new Color(200, 60, 40));
            }
        }
        return BitmapEncoder.getBufferedImage(chart);
    }

    static BufferedImage diagnostics(String envId, List<Map<String, Double>> metrics) {
        BufferedImage grid = new BufferedImage(PANEL_WIDTH * 3, PANEL_HEIGHT * 2, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        try {
            for (int p = 0; p < PANELS.size(); p++) {
                String[] panel = PANELS.get(p);
                XYChart chart = new XYChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT)
                        .title(envId + ": " + panel[1]).xAxisTitle("iteration").build();
                chart.getStyler().setLegendVisible(false);
                // XChart's default pattern drops the leading zero (".03").
                chart.getStyler().setYAxisDecimalPattern("#,##0.####");
                List<Double> x = new ArrayList<>();
                List<Double> y = new ArrayList<>();
                for (Map<String, Double> row : metrics) {
                    Double v = row.get(panel[0]);
                    if (v != null && Double.isFinite(v)) {
                        x.add(row.get(MetricKeys.ITERATION));
                        y.add(v);
                    }
                }
                if (!x.isEmpty()) {
                    chart.addSeries(panel[1], x, y).setMarker(SeriesMarkers.NONE);
                }
                g.drawImage(BitmapEncoder.getBufferedImage(chart), (p % 3) * PANEL_WIDTH, (p / 3) * PANEL_HEIGHT, null);
            }
        } finally {
            g.dispose();
        }
        return grid;
    }

    private static byte[] png(BufferedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("encoding a PNG", e);
        }
        return bytes.toByteArray();
    }
}
