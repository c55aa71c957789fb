package org.sparkppo.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Verifies the initial states of {@link VectorEnv#create}: the same (seed, partition) gives the same
 * states, every env of every partition (and every seed) starts from its own state, and each
 * built-in environment draws from Gymnasium's reset distribution (checked on 4096 draws: every
 * value in range, and the draws spread over the range).
 */
class VectorEnvResetTest {
    private static final EnvRegistry REGISTRY = EnvRegistry.load();
    private static final long SEED = 123_456_789L;
    private static final int DRAWS = 4096;

    /** The ids with a state block (EnvDynamics); the object API's are checked in ObjectEnvironmentTest. */
    static Stream<String> registeredIds() {
        return REGISTRY.ids().stream().filter(id -> REGISTRY.family(id) instanceof EnvDynamics);
    }

    @ParameterizedTest
    @MethodSource("registeredIds")
    void sameSeedAndPartitionGiveIdenticalInitialStates(String id) {
        VectorEnv a = REGISTRY.make(id, 16, SEED, 3);
        VectorEnv b = REGISTRY.make(id, 16, SEED, 3);
        for (int i = 0; i < 16; i++) {
            assertArrayEquals(a.state(i), b.state(i), id + " env " + i);
        }
        assertArrayEquals(a.observations(), b.observations(), id);
        assertArrayEquals(a.snapshot(), b.snapshot(), id);
    }

    /**
     * The classic-control ids, which start from a continuous random state; the grid worlds start from a
     * few cells (GridWorldTest).
     */
    static Stream<String> continuousStartIds() {
        return registeredIds().filter(id -> !REGISTRY.family(id).getClass().getPackageName().endsWith(".grid"));
    }

    @ParameterizedTest
    @MethodSource("continuousStartIds")
    void everyEnvPartitionAndSeedStartsFromItsOwnState(String id) {
        List<VectorEnv> envs = List.of(REGISTRY.make(id, 16, SEED, 0), REGISTRY.make(id, 16, SEED, 1),
                REGISTRY.make(id, 16, SEED + 1, 0));
        Set<List<Double>> distinct = new HashSet<>();
        for (VectorEnv env : envs) {
            for (int i = 0; i < env.numEnvs(); i++) {
                List<Double> state = new ArrayList<>();
                for (double x : env.state(i)) {
                    state.add(x);
                }
                distinct.add(state);
            }
        }
        assertEquals(3 * 16, distinct.size(), id + ": initial states repeat across envs, partitions or seeds");
    }

    @Test
    void cartPoleStartsUniformlyInPlusMinus005() {
        VectorEnv env = REGISTRY.make("CartPole-v1", DRAWS, SEED, 0);
        for (int k = 0; k < 4; k++) {
            assertSpreadOver(env, k, -0.05, 0.05);
        }
    }

    /**
     * Gymnasium draws uniform(-0.1, 0.1) and stores it as float32, so the range is the closed
     * interval between the float32 neighbours of ±0.1.
     */
    @Test
    void acrobotStartsUniformlyInPlusMinus01RoundedToFloat32() {
        VectorEnv env = REGISTRY.make("Acrobot-v1", DRAWS, SEED, 0);
        for (int k = 0; k < 4; k++) {
            assertSpreadOver(env, k, -0.1f, Math.nextUp((double) 0.1f));
            for (int i = 0; i < DRAWS; i++) {
                double x = env.state(i)[k];
                assertEquals(x, (double) (float) x, 0.0, "Acrobot env " + i + " state[" + k + "] is not a float32");
            }
        }
    }

    @Test
    void mountainCarsStartAtRestBetweenMinus06AndMinus04() {
        for (String id : List.of("MountainCar-v0", "MountainCarContinuous-v0")) {
            VectorEnv env = REGISTRY.make(id, DRAWS, SEED, 0);
            assertSpreadOver(env, 0, -0.6, -0.4);
            for (int i = 0; i < DRAWS; i++) {
                assertEquals(0.0, env.state(i)[1], 0.0, id + " env " + i + " velocity");
            }
        }
    }

    @Test
    void pendulumStartsAtAnyAngleWithSpeedBelowOne() {
        VectorEnv env = REGISTRY.make("Pendulum-v1", DRAWS, SEED, 0);
        assertSpreadOver(env, 0, -Math.PI, Math.PI);
        assertSpreadOver(env, 1, -1.0, 1.0);
    }

    /**
     * Every env's {@code state[k]} lies in [low, high), and the draws come within 1% of the range of
     * both ends (4096 uniform draws miss an end by more than that with probability about 1e-18).
     */
    private static void assertSpreadOver(VectorEnv env, int k, double low, double high) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < env.numEnvs(); i++) {
            double x = env.state(i)[k];
            assertTrue(x >= low && x < high, env.spec().id() + " env " + i + " state[" + k + "] = " + x
                    + " is outside [" + low + ", " + high + ")");
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        double margin = 0.01 * (high - low);
        assertTrue(min < low + margin && max > high - margin, env.spec().id() + " state[" + k
                + "] spans only [" + min + ", " + max + "] of [" + low + ", " + high + ")");
    }
}
