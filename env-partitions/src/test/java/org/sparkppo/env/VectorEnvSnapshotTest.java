package org.sparkppo.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Verifies {@link VectorEnv#snapshot()} and {@link VectorEnv#restore}: for every registered
 * environment a restored vector env steps bit-identically to the original (observations, rewards,
 * flags, final observations, episode accounting and later snapshots, across auto-resets), equal
 * envs give equal bytes, and malformed bytes are rejected with an {@link IllegalArgumentException}
 * that names the problem.
 */
class VectorEnvSnapshotTest {
    private static final EnvRegistry REGISTRY = EnvRegistry.load();
    private static final long SEED = 0x5EED_0001L;
    private static final int NUM_ENVS = 8;
    /** Longer than every built-in time limit (MountainCarContinuous: 999), so every env auto-resets. */
    private static final int STEPS_AFTER_RESTORE = 1_200;

    /** Every id whose snapshots restore exactly (all but object-API environments without Snapshotting). */
    static Stream<String> registeredIds() {
        return REGISTRY.ids().stream().filter(id -> REGISTRY.family(id).restoresExactly());
    }

    @ParameterizedTest
    @MethodSource("registeredIds")
    void restoredEnvStepsBitIdenticallyToTheOriginal(String id) {
        EnvFamily family = REGISTRY.family(id);
        VectorEnv original = family.create(NUM_ENVS, SEED, 2);
        RandomActions warmUp = new RandomActions(family.spec(), NUM_ENVS, 11);
        for (int t = 0; t < 37; t++) {
            original.step(warmUp.next(original.actionMasks()));
        }

        byte[] snapshot = original.snapshot();
        VectorEnv restored = family.restore(snapshot);
        assertArrayEquals(snapshot, restored.snapshot(), id + ": snapshot of the restored env");
        assertArrayEquals(original.observations(), restored.observations(), id + ": observations after restore");
        assertArrayEquals(original.actionMasks(), restored.actionMasks(), id + ": action masks after restore");

        RandomActions actions = new RandomActions(family.spec(), NUM_ENVS, 12);
        int finishedEpisodes = 0;
        for (int t = 0; t < STEPS_AFTER_RESTORE; t++) {
            float[] block = actions.next(original.actionMasks());
            original.step(block);
            restored.step(block);
            String where = id + " step " + t;
            assertArrayEquals(original.observations(), restored.observations(), where + ": observations");
            assertArrayEquals(original.rewards(), restored.rewards(), where + ": rewards");
            assertArrayEquals(original.terminated(), restored.terminated(), where + ": terminated");
            assertArrayEquals(original.truncated(), restored.truncated(), where + ": truncated");
            assertArrayEquals(original.actionMasks(), restored.actionMasks(), where + ": action masks");
            for (int i = 0; i < NUM_ENVS; i++) {
                if (original.terminated()[i] || original.truncated()[i]) {
                    finishedEpisodes++;
                    assertArrayEquals(row(original.finalObservations(), i, original.observationDim()),
                            row(restored.finalObservations(), i, restored.observationDim()),
                            where + ": final observation of env " + i);
                    assertEquals(original.finishedReturns()[i], restored.finishedReturns()[i], 0.0,
                            where + ": finished return of env " + i);
                    assertEquals(original.finishedLengths()[i], restored.finishedLengths()[i],
                            where + ": finished length of env " + i);
                }
            }
            assertArrayEquals(original.snapshot(), restored.snapshot(), where + ": snapshot");
        }
        assertTrue(finishedEpisodes >= NUM_ENVS, id + ": only " + finishedEpisodes + " episodes finished");
    }

    @ParameterizedTest
    @MethodSource("registeredIds")
    void equalEnvsGiveEqualSnapshotBytes(String id) {
        EnvFamily family = REGISTRY.family(id);
        VectorEnv a = family.create(NUM_ENVS, SEED, 1);
        VectorEnv b = family.create(NUM_ENVS, SEED, 1);
        RandomActions actionsA = new RandomActions(family.spec(), NUM_ENVS, 5);
        RandomActions actionsB = new RandomActions(family.spec(), NUM_ENVS, 5);
        assertArrayEquals(a.snapshot(), b.snapshot(), id + ": fresh envs");
        for (int t = 0; t < 300; t++) {
            a.step(actionsA.next(a.actionMasks()));
            b.step(actionsB.next(b.actionMasks()));
            assertArrayEquals(a.snapshot(), b.snapshot(), id + " step " + t);
        }
        b.step(new RandomActions(family.spec(), NUM_ENVS, 6).next(b.actionMasks()));
        assertFalse(Arrays.equals(a.snapshot(), b.snapshot()), id + ": an env one step ahead has the same bytes");
    }

    @Test
    void restoreRejectsBytesWithoutTheMagicNumber() {
        byte[] snapshot = cartPoleSnapshot();
        snapshot[0] ^= 0x01;
        assertRejected(snapshot, "magic");
    }

    @Test
    void restoreRejectsAnUnknownVersion() {
        byte[] snapshot = cartPoleSnapshot();
        snapshot[5] = 2;
        assertRejected(snapshot, "version");
    }

    @Test
    void restoreRejectsTheSnapshotOfAnotherEnvironment() {
        byte[] snapshot = cartPoleSnapshot();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VectorEnv.restore(REGISTRY.dynamics("Pendulum-v1"), snapshot));
        assertTrue(e.getMessage().contains("CartPole-v1") && e.getMessage().contains("Pendulum-v1"), e.getMessage());
    }

    @Test
    void restoreRejectsAWrongStateDimension() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            // A valid header (magic "PPOV", version 1, a known id) with CartPole's 4 state doubles claimed as 3.
            out.writeInt(0x50504F56);
            out.writeShort(1);
            out.writeUTF("CartPole-v1");
            out.writeInt(1);
            out.writeInt(3);
        }
        assertRejected(bytes.toByteArray(), "state dimension");
    }

    @Test
    void restoreRejectsTruncatedBytes() {
        byte[] snapshot = cartPoleSnapshot();
        assertRejected(Arrays.copyOf(snapshot, snapshot.length - 3), "truncated");
        assertRejected(Arrays.copyOf(snapshot, 5), "truncated");
        assertRejected(new byte[0], "truncated");
    }

    /**
     * A corrupt env count is caught before anything is allocated for it: 2^29 and 2^31 - 1 CartPole
     * envs would otherwise overflow the state array's size.
     */
    @ParameterizedTest
    @ValueSource(ints = {4, 1 << 29, Integer.MAX_VALUE})
    void restoreRejectsAnEnvCountTheBytesCannotHold(int numEnvs) {
        byte[] snapshot = cartPoleSnapshot();
        ByteBuffer.wrap(snapshot).putInt(4 + 2 + 2 + "CartPole-v1".length(), numEnvs);
        assertRejected(snapshot, "truncated");
    }

    @Test
    void restoreRejectsTrailingBytes() {
        byte[] snapshot = cartPoleSnapshot();
        assertRejected(Arrays.copyOf(snapshot, snapshot.length + 2), "trailing");
    }

    private static byte[] cartPoleSnapshot() {
        VectorEnv env = REGISTRY.make("CartPole-v1", 3, SEED, 0);
        env.step(new float[] {0, 1, 1});
        return env.snapshot();
    }

    private static void assertRejected(byte[] snapshot, String problem) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VectorEnv.restore(REGISTRY.dynamics("CartPole-v1"), snapshot));
        assertTrue(e.getMessage().contains(problem), "message should name '" + problem + "': " + e.getMessage());
    }

    private static float[] row(float[] block, int i, int dim) {
        return Arrays.copyOfRange(block, i * dim, (i + 1) * dim);
    }
}
