package org.sparkppo.partition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;
import org.sparkppo.env.EnvDynamics;
import org.sparkppo.env.EnvRegistry;
import org.sparkppo.env.VectorEnv;

/**
 * Verifies {@link PartitionState}: it survives Java serialization (as Spark ships it) and restores
 * a vector env that continues exactly as the one it was taken from; it is a value (equality and
 * hash code by partition and snapshot bytes) whose bytes cannot be changed from outside.
 */
class PartitionStateTest {
    private static final EnvDynamics PENDULUM = EnvRegistry.load().dynamics("Pendulum-v1");

    @Test
    void javaSerializationRoundTripGivesAnEqualState() throws IOException, ClassNotFoundException {
        PartitionState state = PartitionState.of(3, steppedEnv(10));

        PartitionState copy = deserialize(serialize(state));

        assertEquals(state, copy);
        assertEquals(state.hashCode(), copy.hashCode());
        assertEquals(3, copy.partition());
        assertArrayEquals(state.envSnapshot(), copy.envSnapshot());
    }

    @Test
    void restoredEnvContinuesExactlyAsTheOriginal() throws IOException, ClassNotFoundException {
        VectorEnv original = steppedEnv(150);
        PartitionState state = deserialize(serialize(PartitionState.of(0, original)));

        VectorEnv restored = state.restoreEnv(PENDULUM);

        assertArrayEquals(state.envSnapshot(), restored.snapshot());
        for (int t = 0; t < 100; t++) {
            float[] actions = {(float) Math.sin(t), -1.5f, 2f};
            original.step(actions);
            restored.step(actions);
            assertArrayEquals(original.observations(), restored.observations(), "observations at step " + t);
            assertArrayEquals(original.rewards(), restored.rewards(), "rewards at step " + t);
            assertArrayEquals(original.truncated(), restored.truncated(), "truncated at step " + t);
        }
        assertEquals(PartitionState.of(0, original), PartitionState.of(0, restored));
    }

    @Test
    void equalityIsByPartitionAndSnapshotBytes() {
        byte[] snapshot = steppedEnv(5).snapshot();
        PartitionState state = new PartitionState(1, snapshot);

        assertEquals(state, new PartitionState(1, snapshot.clone()));
        assertEquals(state.hashCode(), new PartitionState(1, snapshot.clone()).hashCode());
        assertNotEquals(state, new PartitionState(2, snapshot));
        assertNotEquals(state, new PartitionState(1, steppedEnv(6).snapshot()));
        assertNotEquals(state, null);
        assertNotEquals(state, (Object) snapshot);
    }

    @Test
    void recurrentStateTravelsSerializedAndCountsForEquality() throws IOException, ClassNotFoundException {
        byte[] snapshot = steppedEnv(5).snapshot();
        double[] recurrent = {0.25, -0.5, 1e-300, -0.0};
        PartitionState state = new PartitionState(1, snapshot, new double[0], recurrent);
        recurrent[0] = 9;

        PartitionState copy = deserialize(serialize(state));
        assertArrayEquals(new double[] {0.25, -0.5, 1e-300, -0.0}, copy.recurrentState());
        assertEquals(state, copy);
        assertEquals(state.hashCode(), copy.hashCode());
        assertNotEquals(state, new PartitionState(1, snapshot, new double[0], new double[] {0.25, -0.5, 1e-300, 0.0}));
        assertArrayEquals(new double[0], new PartitionState(1, snapshot).recurrentState());
    }

    @Test
    void snapshotBytesCannotBeChangedFromOutside() {
        byte[] snapshot = steppedEnv(5).snapshot();
        PartitionState state = new PartitionState(1, snapshot);
        byte[] expected = snapshot.clone();

        snapshot[snapshot.length - 1] ^= 1;
        state.envSnapshot()[expected.length - 1] ^= 1;

        assertArrayEquals(expected, state.envSnapshot());
    }

    @Test
    void negativePartitionAndMissingSnapshotAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new PartitionState(-1, new byte[0]));
        assertThrows(NullPointerException.class, () -> new PartitionState(0, null));
    }

    /** Three Pendulum envs of partition 0 after {@code steps} steps of a fixed action pattern. */
    private static VectorEnv steppedEnv(int steps) {
        VectorEnv env = VectorEnv.create(PENDULUM, 3, 17L, 0);
        for (int t = 0; t < steps; t++) {
            env.step(new float[] {1f, -0.5f, (float) Math.cos(t)});
        }
        return env;
    }

    private static byte[] serialize(PartitionState state) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(state);
        }
        return bytes.toByteArray();
    }

    private static PartitionState deserialize(byte[] bytes) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return (PartitionState) in.readObject();
        }
    }
}
