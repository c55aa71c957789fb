package org.sparkppo.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Verifies that {@link EnvRegistry} finds the five built-in classic-control environments under their
 * Gymnasium ids, rejects an unknown id with a message that names it and lists every known id, and
 * picks up a user environment listed in a {@code META-INF/services} file ({@link CountingTestEnv},
 * registered by this module's test resources) well enough to build and step it.
 */
class EnvRegistryTest {
    private static final List<String> BUILT_IN_IDS = List.of(
            "Acrobot-v1", "CartPole-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Pendulum-v1", "GridMaze-v0",
            "GridReach-v0");

    private final EnvRegistry registry = EnvRegistry.load();

    @Test
    void builtInEnvironmentsAreRegisteredUnderTheirGymnasiumIds() {
        assertTrue(registry.ids().containsAll(BUILT_IN_IDS), "registered ids: " + registry.ids());
        for (String id : BUILT_IN_IDS) {
            assertEquals(id, registry.dynamics(id).spec().id());
            assertEquals(registry.dynamics(id).spec(), registry.spec(id));
        }
    }

    @Test
    void unknownIdIsRejectedWithAMessageNamingItAndEveryKnownId() {
        UnknownEnvironmentException e = assertThrows(UnknownEnvironmentException.class,
                () -> registry.dynamics("CartPole-v9"));
        assertEquals("CartPole-v9", e.id());
        assertTrue(e.getMessage().contains("'CartPole-v9'"), e.getMessage());
        for (String id : registry.ids()) {
            assertTrue(e.getMessage().contains(id), "message does not list " + id + ": " + e.getMessage());
        }
        assertInstanceOf(IllegalArgumentException.class, e);
        assertThrows(UnknownEnvironmentException.class, () -> registry.make("CartPole-v9", 1, 0, 0));
    }

    @Test
    void environmentListedInATestServicesFileIsFound() {
        assertInstanceOf(CountingTestEnv.class, registry.dynamics(CountingTestEnv.ID));
        assertTrue(registry.ids().containsAll(BUILT_IN_IDS), "a user environment must not hide the built-ins");
    }

    @Test
    void registeredUserEnvironmentBuildsAndSteps() {
        VectorEnv env = registry.make(CountingTestEnv.ID, 2, 7L, 3);
        assertEquals(1, env.observationDim());
        assertEquals(1, env.actionDim());
        double[] start = {env.state(0)[0], env.state(1)[0]};
        for (double x : start) {
            assertTrue(x >= 0 && x < 0.5, "reset state " + x);
        }

        env.step(new float[] {1f, 0f});

        assertArrayEquals(new float[] {(float) (start[0] + 1), (float) start[1]}, env.observations());
        assertArrayEquals(new double[] {1.0, 0.0}, env.rewards());
        assertFalse(env.terminated()[0] || env.truncated()[0] || env.terminated()[1] || env.truncated()[1]);
    }
}
