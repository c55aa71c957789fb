package org.sparkppo.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkppo.io.RunDirectory;

/**
 * The metrics and episode logs grow by appending one iteration at a time, a resumed run cuts them
 * back to its checkpoint, and reading them (the report) changes nothing.
 */
class RunLogsTest {
    @TempDir
    Path output;

    private RunDirectory run;

    @BeforeEach
    void open() {
        run = RunDirectory.open(output.toUri().toString(), "r", new Configuration());
        run.create();
    }

    private static Map<String, Double> row(int iteration) {
        return Map.of(MetricKeys.ITERATION, (double) iteration, MetricKeys.TOTAL_TIMESTEPS, 100.0 * iteration);
    }

    private List<String> lines(String file) throws IOException {
        return Files.readAllLines(output.resolve("r").resolve(file));
    }

    /** Four iterations of 100 steps with one episode ending in each, as the trainer writes them. */
    private void fourIterations() {
        MetricsLog metrics = MetricsLog.resume(run, 0);
        EpisodeLog episodes = EpisodeLog.resume(run, 0);
        for (int i = 1; i <= 4; i++) {
            metrics.append(row(i));
            episodes.add(100L * i - 10, i, 10);
            episodes.write();
        }
    }

    /** What a driver killed in the middle of a line leaves at the end of a log. */
    private void cutShortLine(String file, String text) throws IOException {
        Files.writeString(output.resolve("r").resolve(file), text, StandardOpenOption.APPEND);
    }

    @Test
    void eachIterationAppendsOneRow() throws IOException {
        fourIterations();
        assertEquals(5, lines(MetricsLog.CSV).size());
        assertEquals(String.join(",", MetricKeys.ALL), lines(MetricsLog.CSV).get(0));
        assertEquals(4, lines(MetricsLog.JSONL).size());
        assertEquals(List.of("global_step,return,length", "90,1.0,10", "190,2.0,10", "290,3.0,10", "390,4.0,10"),
                lines(EpisodeLog.CSV));
    }

    @Test
    void appendingLeavesTheRowsBeforeAsTheyAre() throws IOException {
        MetricsLog metrics = MetricsLog.resume(run, 0);
        EpisodeLog episodes = EpisodeLog.resume(run, 0);
        metrics.append(row(1));
        episodes.add(90, 1, 10);
        episodes.write();
        // Marks the first rows on disk: a log that rewrote its file would erase the marks.
        Path jsonl = output.resolve("r").resolve(MetricsLog.JSONL);
        Files.writeString(jsonl, Files.readString(jsonl).replace("{", "{\"marked\":1,"));
        Path csv = output.resolve("r").resolve(EpisodeLog.CSV);
        Files.writeString(csv, Files.readString(csv).replace("90,1.0,10", "90,1.5,10"));

        metrics.append(row(2));
        episodes.add(190, 2, 10);
        episodes.write();
        assertTrue(lines(MetricsLog.JSONL).get(0).startsWith("{\"marked\":1,"), lines(MetricsLog.JSONL).toString());
        assertEquals(List.of("global_step,return,length", "90,1.5,10", "190,2.0,10"), lines(EpisodeLog.CSV));
    }

    @Test
    void resumingCutsTheLogsBackToTheCheckpoint() throws IOException {
        fourIterations();
        cutShortLine(MetricsLog.JSONL, "{\"time/iterations\":5,\"time/tot");
        cutShortLine(MetricsLog.CSV, "5,50");
        cutShortLine(EpisodeLog.CSV, "49");

        MetricsLog metrics = MetricsLog.resume(run, 2);
        EpisodeLog episodes = EpisodeLog.resume(run, 200);
        assertEquals(2, metrics.rows().size());
        assertEquals(3, lines(MetricsLog.CSV).size());
        assertEquals(2, lines(MetricsLog.JSONL).size());
        assertEquals(List.of(90L, 190L), episodes.globalSteps());
        assertEquals(List.of("global_step,return,length", "90,1.0,10", "190,2.0,10"), lines(EpisodeLog.CSV));

        metrics.append(row(3));
        episodes.add(290, 3, 10);
        episodes.write();
        assertEquals(3, MetricsLog.read(run).rows().size());
        assertEquals(List.of("global_step,return,length", "90,1.0,10", "190,2.0,10", "290,3.0,10"), lines(EpisodeLog.CSV));
    }

    @Test
    void readingARunInProgressLeavesOutTheLineBeingWrittenAndChangesNothing() throws IOException {
        fourIterations();
        cutShortLine(MetricsLog.JSONL, "{\"time/iterations\":5,\"time/tot");
        cutShortLine(EpisodeLog.CSV, "49");
        byte[] jsonl = Files.readAllBytes(output.resolve("r").resolve(MetricsLog.JSONL));
        byte[] episodesCsv = Files.readAllBytes(output.resolve("r").resolve(EpisodeLog.CSV));

        assertEquals(4, MetricsLog.read(run).rows().size());
        assertEquals(4, EpisodeLog.read(run, Long.MAX_VALUE).count());
        assertEquals(new String(jsonl), Files.readString(output.resolve("r").resolve(MetricsLog.JSONL)));
        assertEquals(new String(episodesCsv), Files.readString(output.resolve("r").resolve(EpisodeLog.CSV)));
    }
}
