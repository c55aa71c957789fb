package org.sparkppo.env;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
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
 * system property {@code parity.dir}, and this module's larger set in {@code src/test/resources/gymnasium-traces},
 * whose README says how it was made): for every recorded step, set the internal state and the time-limit
 * counter, step with the recorded action, and compare the next state, the float32 next observation, the
 * reward, {@code terminated} and {@code truncated}.
 *
 * <p>Where Java and Gymnasium cannot agree to the last bit, the tolerance is the measured one:
 * <ul>
 *   <li>CartPole, Acrobot and Pendulum states: 1e-14 absolute (Gymnasium steps them with NumPy's SIMD
 *       {@code sin}/{@code cos}, which differ from Java's in the last bit);</li>
 *   <li>the MountainCars' states: one unit in the last place of the precision the state is held in
 *       (Gymnasium calls glibc's {@code cos(3·position)}; HotSpot's {@code Math.cos} differs from it in the
 *       last bit for about 0.2 % of arguments, and neither is correctly rounded, so no Java cosine matches
 *       glibc's everywhere);</li>
 *   <li>Pendulum's reward: one unit in the last place (Gymnasium squares the normalized angle with
 *       {@code x ** 2}, i.e. libm's {@code pow(x, 2)}, which is not correctly rounded; Java's {@code x * x} is).</li>
 * </ul>
 * Every other reward, every float32 observation and both flags must match exactly. The test prints, per
 * environment, how many steps were within tolerance but not bit-identical. {@code CartPoleNoVel-v1} and
 * {@code PendulumNoVel-v1} are checked on their parents' transitions, with the observation reduced to the
 * components they keep.
 */
class GymnasiumParityTest {
    private static final Set<String> NUMPY_TRIGONOMETRY = Set.of("CartPole-v1", "CartPoleNoVel-v1", "Acrobot-v1",
            "Pendulum-v1", "PendulumNoVel-v1");
    private static final double NUMPY_STATE_TOLERANCE = 1e-14;
    private static final Set<String> FLOAT32_STATE = Set.of("MountainCarContinuous-v0");
    private static final Set<String> LIBM_POW_REWARD = Set.of("Pendulum-v1", "PendulumNoVel-v1");

    /** Variants without velocities: their id and the components of the parent's observation they keep. */
    private static final Map<String, Map.Entry<String, int[]>> VELOCITY_HIDDEN = Map.of(
            "CartPole-v1", Map.entry("CartPoleNoVel-v1", new int[] {0, 2}),
            "Pendulum-v1", Map.entry("PendulumNoVel-v1", new int[] {0, 1}));

    private final ObjectMapper json = new ObjectMapper();
    private final EnvRegistry registry = EnvRegistry.load();

    @Test
    void everyRecordedStepMatchesGymnasium() throws IOException, URISyntaxException {
        List<Path> traces = new ArrayList<>();
        Path moduleTraces = Paths.get(GymnasiumParityTest.class.getResource("/gymnasium-traces").toURI());
        for (Path folder : List.of(parityFolder(), moduleTraces)) {
            try (Stream<Path> files = Files.list(folder)) {
                files.filter(p -> p.toString().endsWith(".jsonl") || p.toString().endsWith(".jsonl.gz"))
                        .sorted().forEach(traces::add);
            }
        }
        Map<String, Integer> stepsChecked = new TreeMap<>();
        Map<String, Integer> notBitIdentical = new TreeMap<>();
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
                    if (!checkStep(dynamics, record, where, mismatches)) {
                        notBitIdentical.merge(id, 1, Integer::sum);
                    }
                    stepsChecked.merge(id, 1, Integer::sum);
                    Map.Entry<String, int[]> noVel = VELOCITY_HIDDEN.get(id);
                    if (noVel != null) {
                        // The same transition seen through the variant without velocities.
                        ObjectNode hidden = record.deepCopy();
                        hidden.put("env", noVel.getKey());
                        hidden.set("next_obs", components(record.get("next_obs"), noVel.getValue()));
                        if (!checkStep(registry.dynamics(noVel.getKey()), hidden, where + " as " + noVel.getKey(),
                                mismatches)) {
                            notBitIdentical.merge(noVel.getKey(), 1, Integer::sum);
                        }
                        stepsChecked.merge(noVel.getKey(), 1, Integer::sum);
                    }
                }
            }
        }
        stepsChecked.forEach((id, n) -> System.out.printf(
                "GymnasiumParityTest: %-26s %6d steps checked, %d within tolerance but not bit-identical%n",
                id, n, notBitIdentical.getOrDefault(id, 0)));
        if (!mismatches.isEmpty()) {
            fail(mismatches.size() + " mismatches against Gymnasium; first ones:\n"
                    + String.join("\n", mismatches.subList(0, Math.min(20, mismatches.size()))));
        }
        assertFalse(stepsChecked.isEmpty(), "no step was checked: no *.jsonl or *.jsonl.gz trace found");
    }

    /** How far a next-state component may be from Gymnasium's. */
    private static double stateTolerance(String id, double expected) {
        if (NUMPY_TRIGONOMETRY.contains(id)) {
            return NUMPY_STATE_TOLERANCE;
        }
        return FLOAT32_STATE.contains(id) ? Math.ulp((float) expected) : Math.ulp(expected);
    }

    /** Checks one step; answers whether it matched bit for bit (mismatches beyond tolerance are added to the list). */
    private boolean checkStep(EnvDynamics dynamics, JsonNode record, String where, List<String> mismatches) {
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
        boolean bitIdentical = true;

        // The dynamics alone: the next internal state, before any auto-reset.
        double[] next = state.clone();
        double[] reward = new double[1];
        boolean[] terminated = new boolean[1];
        dynamics.step(next, action, reward, terminated, 1);
        for (int k = 0; k < next.length; k++) {
            bitIdentical &= next[k] == expectedNext[k];
            if (!(Math.abs(next[k] - expectedNext[k]) <= stateTolerance(spec.id(), expectedNext[k]))) {
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
        bitIdentical &= env.rewards()[0] == expectedReward;
        double rewardTolerance = LIBM_POW_REWARD.contains(spec.id()) ? Math.ulp(expectedReward) : 0.0;
        if (!(Math.abs(env.rewards()[0] - expectedReward) <= rewardTolerance)) {
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
        return bitIdentical;
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

    private ArrayNode components(JsonNode array, int[] kept) {
        ArrayNode subset = json.createArrayNode();
        for (int k : kept) {
            subset.add(array.get(k));
        }
        return subset;
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
