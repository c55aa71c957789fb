package org.sparkppo.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkppo.config.BadInputException;
import org.sparkppo.io.RunDirectory;
import org.sparkppo.metrics.EventFileReader.Event;
import org.sparkppo.metrics.EventFileReader.Value;

/**
 * The TensorBoard event file, read back by {@link EventFileReader} (written from the public formats,
 * sharing no code with the writer): framing and both CRCs, the version and config events first, the
 * scalars equal to {@code metrics.jsonl} and {@code episodes.csv}, and a resumed run cut back to its
 * checkpoint so that no step appears twice.
 */
class TensorBoardLogTest {
    private static final String CONFIG = "env {\n  id = \"CartPole-v1\"\n}\n";

    @TempDir
    Path output;

    private RunDirectory run;

    @BeforeEach
    void open() {
        run = RunDirectory.open(output.toUri().toString(), "r", new Configuration());
        run.create();
    }

    /** A row as the trainer writes it: fractional values, and an evaluation every other iteration only. */
    private static Map<String, Double> row(int iteration, double offset) {
        Map<String, Double> row = new LinkedHashMap<>();
        row.put(MetricKeys.ITERATION, (double) iteration);
        row.put(MetricKeys.TOTAL_TIMESTEPS, 100.0 * iteration);
        row.put(MetricKeys.EP_REW_MEAN, 21.7 * iteration + offset);
        row.put(MetricKeys.APPROX_KL, 0.0123 / iteration);
        row.put(MetricKeys.EXPLAINED_VARIANCE, -0.25 + offset);
        row.put(MetricKeys.EVAL_MEAN_REWARD, iteration % 2 == 0 ? 123.5 : Double.NaN);
        return row;
    }

    /** Iterations {@code from..to} of 100 steps, two episodes ending in each, written as the trainer does. */
    private TensorBoardLog iterations(int from, int to, double offset) {
        long before = 100L * (from - 1);
        MetricsLog metrics = MetricsLog.resume(run, from - 1);
        EpisodeLog episodes = EpisodeLog.resume(run, before);
        TensorBoardLog events = TensorBoardLog.resume(run, before, episodes, CONFIG);
        for (int i = from; i <= to; i++) {
            Map<String, Double> row = row(i, offset);
            episodes.add(100L * i - 40, 10.5 * i + offset, 7);
            episodes.add(100L * i, 11.25 * i + offset, 9);
            metrics.append(row);
            episodes.write();
            events.write(row, episodes);
        }
        return events;
    }

    private Path eventFile() throws IOException {
        return EventFileAssertions.eventFile(output.resolve("r"));
    }

    @Test
    void theReadersChecksumIsCrc32cAndTheMaskTensorFlows() {
        // CRC-32C's check value (RFC 3720, B.4) and the mask worked by hand: ror(0xE3069283, 15) + 0xa282ead8.
        assertEquals(0xE3069283, EventFileReader.crc32c("123456789".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(0x2507C60D + 0xa282ead8, EventFileReader.masked(0xE3069283));
    }

    @Test
    void aNewRunStartsWithTheVersionAndTheConfigUnderTensorBoardsFileName() throws IOException {
        iterations(1, 1, 0);
        Path file = eventFile();
        assertTrue(file.getFileName().toString().matches("events\\.out\\.tfevents\\.\\d{10}\\..+"), file.toString());
        List<Event> events = EventFileReader.read(file);
        assertEquals("brain.Event:2", events.get(0).fileVersion());
        assertEquals(0, events.get(0).step());
        assertTrue(events.get(0).wallTime() > 1.6e9, "wall time in Unix seconds: " + events.get(0).wallTime());
        Value config = events.get(1).values().get(0);
        assertEquals(List.of("config", "text"), List.of(config.tag(), config.pluginName()));
        assertEquals("    env {\n      id = \"CartPole-v1\"\n    }", config.text());
    }

    @Test
    void scalarsEqualMetricsJsonlAndEpisodesCsv() throws IOException {
        iterations(1, 4, 0);
        assertEventsMatchTheLogs();
    }

    @Test
    void aResumedRunDropsTheEventsAfterItsCheckpointAndContinuesTheSameFile() throws IOException {
        iterations(1, 4, 0);
        Path before = eventFile();
        // Killed after iteration 4, resumed from the checkpoint of iteration 2: iterations 3 and 4 are recomputed.
        iterations(3, 5, 1000);
        assertEquals(before, eventFile());
        assertEventsMatchTheLogs();
        List<Long> rowSteps = EventFileReader.read(eventFile()).stream()
                .filter(e -> !e.values().isEmpty() && e.values().get(0).tag().equals(MetricKeys.ITERATION))
                .map(Event::step).toList();
        assertEquals(List.of(100L, 200L, 300L, 400L, 500L), rowSteps);
    }

    @Test
    void aRecordCutShortByAKillIsDroppedOnResume() throws IOException {
        iterations(1, 2, 0);
        Path file = eventFile();
        byte[] whole = Files.readAllBytes(file);
        // The first 20 bytes of a record (its header and part of its event): what an append cut short leaves.
        Files.write(file, Arrays.copyOfRange(whole, 0, 20),
                StandardOpenOption.APPEND);
        iterations(3, 3, 0);
        assertEventsMatchTheLogs();
    }

    @Test
    void aRecordFailingItsChecksumIsBadInputNamingTheFile() throws IOException {
        iterations(1, 2, 0);
        Path file = eventFile();
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(raf.length() - 10);
            int b = raf.read();
            raf.seek(raf.length() - 10);
            raf.write(b ^ 0x01);
        }
        BadInputException e = assertThrows(BadInputException.class, () -> iterations(2, 2, 0));
        assertTrue(e.getMessage().contains(file.getFileName().toString()) && e.getMessage().contains("CRC-32C"),
                e.getMessage());
    }

    @Test
    void aNewRunReplacesTheFileOfAStartThatNeverCheckpointed() throws IOException {
        iterations(1, 2, 0);
        Path first = eventFile();
        Files.move(first, first.resolveSibling(TensorBoardLog.FILE_PREFIX + "1000000000.elsewhere"));
        iterations(1, 1, 0);
        assertTrue(Files.notExists(first.resolveSibling(TensorBoardLog.FILE_PREFIX + "1000000000.elsewhere")));
        assertEquals(1, EventFileReader.read(eventFile()).stream()
                .filter(e -> !e.values().isEmpty() && e.values().get(0).tag().equals(MetricKeys.ITERATION)).count());
    }

    private void assertEventsMatchTheLogs() throws IOException {
        EventFileAssertions.assertEventsMatchTheLogs(output.resolve("r"));
    }
}
