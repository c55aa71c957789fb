package org.sparkppo.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparkppo.config.BadInputException;
import org.sparkppo.io.RunDirectory;

/**
 * Driver-only: one row of {@link MetricKeys} per iteration, appended to {@code metrics.csv} and
 * {@code metrics.jsonl} as each iteration ends: the driver's cost per iteration does not grow with
 * the iteration number. A run resumed from a checkpoint first rewrites both files to the rows up to
 * that checkpoint. A last line without its newline (a write cut short) is not a row.
 */
public final class MetricsLog {
    public static final String CSV = "metrics.csv";
    public static final String JSONL = "metrics.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunDirectory run;
    private final List<Map<String, Double>> rows;

    private MetricsLog(RunDirectory run, List<Map<String, Double>> rows) {
        this.run = run;
        this.rows = rows;
    }

    /** The rows written so far, to read a run (its report); the files are not changed. */
    public static MetricsLog read(RunDirectory run) {
        return new MetricsLog(run, rows(run, Integer.MAX_VALUE));
    }

    /**
     * For the run that continues after iteration {@code lastIteration} (0 for a new run): the rows up
     * to it, with both files rewritten to hold exactly those (later rows were not checkpointed and are
     * about to be recomputed).
     */
    public static MetricsLog resume(RunDirectory run, int lastIteration) {
        MetricsLog log = new MetricsLog(run, rows(run, lastIteration));
        StringBuilder csv = new StringBuilder(String.join(",", MetricKeys.ALL)).append('\n');
        StringBuilder jsonl = new StringBuilder();
        for (Map<String, Double> row : log.rows) {
            csv.append(csvLine(row));
            jsonl.append(jsonLine(row));
        }
        run.writeText(CSV, csv.toString());
        run.writeText(JSONL, jsonl.toString());
        return log;
    }

    private static List<Map<String, Double>> rows(RunDirectory run, int lastIteration) {
        List<Map<String, Double>> rows = new ArrayList<>();
        // The last element is empty, or a line whose writer was interrupted.
        String[] lines = run.readText(JSONL).orElse("").split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode node = JSON.readTree(line);
                if (node.path(MetricKeys.ITERATION).asInt() > lastIteration) {
                    continue;
                }
                Map<String, Double> row = new LinkedHashMap<>();
                node.fields().forEachRemaining(e -> row.put(e.getKey(), e.getValue().isNumber()
                        ? e.getValue().doubleValue() : Double.NaN));
                rows.add(row);
            } catch (IOException e) {
                throw new BadInputException(run.root() + "/" + JSONL + ": expected one JSON object per line, found "
                        + "unreadable line " + (i + 1) + " (" + e.getMessage() + ")", e);
            }
        }
        return rows;
    }

    /** Adds {@code row} and appends it to both files. */
    public void append(Map<String, Double> row) {
        rows.add(new LinkedHashMap<>(row));
        run.append(JSONL, jsonLine(row).getBytes(StandardCharsets.UTF_8));
        run.append(CSV, csvLine(row).getBytes(StandardCharsets.UTF_8));
    }

    private static String csvLine(Map<String, Double> row) {
        List<String> cells = new ArrayList<>();
        for (String key : MetricKeys.ALL) {
            Double v = row.get(key);
            cells.add(v == null || v.isNaN() ? "" : format(v));
        }
        return String.join(",", cells) + "\n";
    }

    private static String jsonLine(Map<String, Double> row) {
        ObjectNode node = JSON.createObjectNode();
        for (String key : MetricKeys.ALL) {
            Double v = row.get(key);
            if (v == null || !Double.isFinite(v)) {
                node.putNull(key);
            } else {
                node.put(key, v);
            }
        }
        return node + "\n";
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    public List<Map<String, Double>> rows() {
        return List.copyOf(rows);
    }
}
