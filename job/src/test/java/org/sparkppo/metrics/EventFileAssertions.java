package org.sparkppo.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparkppo.metrics.EventFileReader.Event;
import org.sparkppo.metrics.EventFileReader.Value;

/** A run directory's TensorBoard events, read by {@link EventFileReader}, hold exactly what its logs hold. */
public final class EventFileAssertions {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EventFileAssertions() {
    }

    /** The run's one event file; fails unless there is exactly one. */
    public static Path eventFile(Path runDir) throws IOException {
        try (var files = Files.list(runDir.resolve(TensorBoardLog.FOLDER))) {
            List<Path> all = files.toList();
            assertEquals(1, all.size(), all.toString());
            return all.get(0);
        }
    }

    /**
     * Every row of metrics.jsonl and every episode of episodes.csv is in the events, in order, and nothing else,
     * after the version and config events; rows at strictly increasing steps.
     */
    public static void assertEventsMatchTheLogs(Path runDir) throws IOException {
        List<Event> events = EventFileReader.read(eventFile(runDir));
        assertEquals("brain.Event:2", events.get(0).fileVersion());
        assertEquals("config", events.get(1).values().get(0).tag());
        List<Event> rows = new ArrayList<>();
        List<Event> episodes = new ArrayList<>();
        for (Event e : events.subList(2, events.size())) {
            assertNull(e.fileVersion());
            (e.values().get(0).tag().equals(TensorBoardLog.EPISODIC_RETURN) ? episodes : rows).add(e);
        }
        List<String> jsonl = Files.readAllLines(runDir.resolve(MetricsLog.JSONL));
        assertEquals(jsonl.size(), rows.size());
        for (int i = 0; i < jsonl.size(); i++) {
            JsonNode expected = JSON.readTree(jsonl.get(i));
            Event actual = rows.get(i);
            assertEquals(expected.get(MetricKeys.TOTAL_TIMESTEPS).asLong(), actual.step());
            assertTrue(i == 0 || actual.step() > rows.get(i - 1).step(), "row " + (i + 1) + " repeats a step");
            Map<String, Float> scalars = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!field.getValue().isNull()) {
                    scalars.put(field.getKey(), (float) field.getValue().doubleValue());
                }
            }
            Map<String, Float> written = new LinkedHashMap<>();
            actual.values().forEach(v -> written.put(v.tag(), v.simpleValue()));
            assertEquals(scalars, written, "row " + (i + 1));
        }
        List<String> csv = Files.readAllLines(runDir.resolve(EpisodeLog.CSV));
        assertEquals(csv.size() - 1, episodes.size());
        for (int i = 1; i < csv.size(); i++) {
            String[] cells = csv.get(i).split(",");
            Event e = episodes.get(i - 1);
            assertEquals(Long.parseLong(cells[0]), e.step());
            assertEquals(List.of(new Value(TensorBoardLog.EPISODIC_RETURN, (float) Double.parseDouble(cells[1]), null, null),
                    new Value(TensorBoardLog.EPISODIC_LENGTH, (float) Double.parseDouble(cells[2]), null, null)), e.values());
        }
    }
}
