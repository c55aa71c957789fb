package org.sparkppo.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparkppo.config.BadInputException;
import org.sparkppo.io.RunDirectory;

/**
 * Driver-only: one row of {@link MetricKeys} per iteration, rewritten atomically to
 * {@code metrics.csv} and {@code metrics.jsonl} after every iteration.
 */
public final class MetricsLog {
    public static final String CSV = "metrics.csv";
    public static final String JSONL = "metrics.jsonl";

    private final RunDirectory run;
    private final ObjectMapper json = new ObjectMapper();
    private final List<Map<String, Double>> rows = new ArrayList<>();

    private MetricsLog(RunDirectory run) {
        this.run = run;
    }

    /** The rows already written for iterations up to {@code lastIteration} (later ones were not checkpointed). */
    public static MetricsLog resume(RunDirectory run, int lastIteration) {
        MetricsLog log = new MetricsLog(run);
        String[] lines = run.readText(JSONL).orElse("").split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode node = log.json.readTree(line);
                if (node.path(MetricKeys.ITERATION).asInt() > lastIteration) {
                    continue;
                }
                Map<String, Double> row = new LinkedHashMap<>();
                node.fields().forEachRemaining(e -> row.put(e.getKey(), e.getValue().isNumber()
                        ? e.getValue().doubleValue() : Double.NaN));
                log.rows.add(row);
            } catch (IOException e) {
                throw new BadInputException(run.root() + "/" + JSONL + ": expected one JSON object per line, found "
                        + "unreadable line " + (i + 1) + " (" + e.getMessage() + ")", e);
            }
        }
        return log;
    }

    public void append(Map<String, Double> row) {
        rows.add(new LinkedHashMap<>(row));
        StringBuilder csv = new StringBuilder(String.join(",", MetricKeys.ALL)).append('\n');
        StringBuilder jsonl = new StringBuilder();
        for (Map<String, Double> r : rows) {
            List<String> cells = new ArrayList<>();
            ObjectNode node = json.createObjectNode();
            for (String key : MetricKeys.ALL) {
                Double v = r.get(key);
                cells.add(v == null || v.isNaN() ? "" : format(v));
                if (v == null || !Double.isFinite(v)) {
                    node.putNull(key);
                } else {
                    node.put(key, v);
                }
            }
            csv.append(String.join(",", cells)).append('\n');
            jsonl.append(node).append('\n');
        }
        run.writeText(CSV, csv.toString());
        run.writeText(JSONL, jsonl.toString());
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    public List<Map<String, Double>> rows() {
        return List.copyOf(rows);
    }
}
