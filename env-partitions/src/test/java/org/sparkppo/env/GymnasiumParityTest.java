package org.sparkppo.env;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Replays Gymnasium's reference transitions ({@code ../shared/parity}, or the folder named by the
 * system property {@code parity.dir}): for every recorded step, set the internal state and the
 * time-limit counter, step with the recorded action, and compare the next state, the float32 next
 * observation, the reward, {@code terminated} and {@code truncated}.
 *
 * <p>The float64 next state must match within 1e-14 absolute for envs whose Gymnasium code uses
 * NumPy's SIMD {@code sin}/{@code cos} (last-bit differences from Java's), and exactly for the
 * MountainCars (libm {@code cos}). Everything else must match exactly.
 */
class GymnasiumParityTest {
    private static final Set<String> BIT_EXACT_STATE = Set.of("MountainCar-v0", "MountainCarContinuous-v0");
    private static final double STATE_TOLERANCE = 1e-14;

    private final ObjectMapper json = new ObjectMapper();
    private final EnvRegistry registry = EnvRegistry.load();

    @Test
    void everyRecordedStepMatchesGymnasium() throws IOException {
        Path folder = parityFolder();
        List<Path> traces;
        try (Stream<Path> files = Files.list(folder)) {
            traces = files.filter(p -> p.toString().endsWith(".jsonl") || p.toString().endsWith(".jsonl.gz"))
                    .sorted().toList();
        }
        Map<String, Integer> stepsChecked = new TreeMap<>();
        List<String> mismatches = new ArrayList<>();
        for (Path trace : traces) {
            try (BufferedReader reader = open(trace)) {
                String line;
                int lineNumber = 0;
                while ((line = reader.readLine()) != null) {
                    lineNumber++;
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode record = json.readTree(line);
                    String where = trace.getFileName() + ":" + lineNumber;
                    String id = record.get("env").asText();
                    EnvDynamics dynamics;
                    try {
                        dynamics = registry.dynamics(id);
                    } catch (UnknownEnvironmentException e) {
                        fail(where + ": " + e.getMessage());
                        return;
                    }
                    checkStep(dynamics, record, where, mismatches);
                    stepsChecked.merge(id, 1, Integer::sum);
                }
            }
        }
        stepsChecked.forEach((id, n) -> System.out.printf("GymnasiumParityTest: %-26s %6d steps checked%n", id, n));
        if (!mismatches.isEmpty()) {
            fail(mismatches.size() + " mismatches against Gymnasium; first ones:\n"
                    + String.join("\n", mismatches.subList(0, Math.min(20, mismatches.size()))));
        }
        assertFalse(stepsChecked.isEmpty(), "no step was checked: no *.jsonl or *.jsonl.gz trace in " + folder);
    }

    private void checkStep(EnvDynamics dynamics, JsonNode record, String where, List<String> mismatches) {
        EnvSpec spec = dynamics.spec();
        double[] state = doubles(record.get("state"));
        double[] expectedNext = doubles(record.get("next_state"));
        float[] expectedObs = floats(record.get("next_obs"));
        float[] action = record.get("action").isArray() ? floats(record.get("action"))
                : new float[] {record.get("action").intValue()};
        int t = record.get("t").intValue();
        double expectedReward = record.get("reward").doubleValue();
        boolean expectedTerminated = record.get("terminated").booleanValue();
        boolean expectedTruncated = record.get("truncated").booleanValue();

        // The dynamics alone: the next internal state, before any auto-reset.
        double[] next = state.clone();
        double[] reward = new double[1];
        boolean[] terminated = new boolean[1];
        dynamics.step(next, action, reward, terminated, 1);
        double tolerance = BIT_EXACT_STATE.contains(spec.id()) ? 0.0 : STATE_TOLERANCE;
        for (int k = 0; k < next.length; k++) {
            if (!(Math.abs(next[k] - expectedNext[k]) <= tolerance)) {
                mismatches.add(String.format("%s next_state[%d]: expected %s, got %s (diff %.3g)", where, k,
                        expectedNext[k], next[k], next[k] - expectedNext[k]));
            }
        }

        // Through the vector env: time limit, auto-reset and the observation of the finished step.
        VectorEnv env = VectorEnv.create(dynamics, 1, 0, 0);
        env.loadState(0, state, t - 1);
        env.step(action);
        boolean done = env.terminated()[0] || env.truncated()[0];
        float[] obs = done ? env.finalObservations() : env.observations();
        for (int k = 0; k < expectedObs.length; k++) {
            if (Float.floatToIntBits(obs[k]) != Float.floatToIntBits(expectedObs[k])) {
                mismatches.add(String.format("%s next_obs[%d]: expected %s, got %s", where, k, expectedObs[k], obs[k]));
            }
        }
        if (env.rewards()[0] != expectedReward) {
            mismatches.add(String.format("%s reward: expected %s, got %s", where, expectedReward, env.rewards()[0]));
        }
        if (env.terminated()[0] != expectedTerminated) {
            mismatches.add(where + " terminated: expected " + expectedTerminated + ", got " + env.terminated()[0]);
        }
        boolean timeLimitReached = spec.hasTimeLimit() && t >= spec.maxEpisodeSteps();
        if (env.truncated()[0] != expectedTruncated || env.truncated()[0] != timeLimitReached) {
            mismatches.add(where + " truncated: expected " + expectedTruncated + " (t=" + t + "), got "
                    + env.truncated()[0]);
        }
    }

    private static Path parityFolder() {
        String configured = System.getProperty("parity.dir", "../shared/parity");
        Path path = Paths.get(configured);
        if (!path.isAbsolute() && !Files.isDirectory(path)) {
            // Maven runs module tests from the module folder; a path given relative to the repository root also works.
            Path fromRoot = Paths.get("..").resolve(configured);
            if (Files.isDirectory(fromRoot)) {
                path = fromRoot;
            }
        }
        assertTrue(Files.isDirectory(path), "parity.dir is not a folder: " + path.toAbsolutePath());
        return path;
    }

    private static BufferedReader open(Path trace) throws IOException {
        InputStream in = Files.newInputStream(trace);
        if (trace.toString().endsWith(".gz")) {
            in = new GZIPInputStream(in);
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    private static double[] doubles(JsonNode array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).doubleValue();
        }
        return values;
    }

    private static float[] floats(JsonNode array) {
        float[] values = new float[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) array.get(i).doubleValue();
        }
        return values;
    }
}
