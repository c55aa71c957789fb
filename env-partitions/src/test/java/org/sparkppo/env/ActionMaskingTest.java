package org.sparkppo.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sparkppo.env.grid.GridMaze;

/**
 * How {@link VectorEnv} surfaces action masks: the object API's masks equal the dynamics' step for step
 * (auto-resets included); a mask row without a valid action, of the wrong size, or a masking
 * environment with a {@code Box} action space is refused naming the environment and where; spaces
 * and mask shapes reject bad arguments.
 */
class ActionMaskingTest {
    private static final long SEED = 21;

    @Test
    void objectAndDynamicsMasksAgreeStepByStepAcrossAutoResets() {
        VectorEnv dynamics = VectorEnv.create(new GridMaze(), 3, SEED, 0);
        VectorEnv objects = VectorEnv.create(EnvironmentClass.of(ObjectGridMaze.class), 3, SEED, 0);
        RandomActions actions = new RandomActions(dynamics.spec(), 3, 4);
        int resets = 0;
        for (int t = 0; t < 400; t++) {
            assertArrayEquals(dynamics.actionMasks(), objects.actionMasks(), "masks before step " + t);
            float[] block = actions.next(dynamics.actionMasks());
            dynamics.step(block);
            objects.step(block);
            assertArrayEquals(dynamics.observations(), objects.observations(), "step " + t);
            for (boolean done : dynamics.truncated()) {
                resets += done ? 1 : 0;
            }
        }
        assertTrue(resets > 0, "no episode ended: the masks after auto-reset went unchecked");
        assertNull(VectorEnv.create(new org.sparkppo.env.classic.CartPole(), 2, SEED, 0).actionMasks());
    }

    @Test
    void aMaskWithoutAValidActionIsAnEnvironmentFailureNamingTheEnvironmentAndStep() {
        EnvironmentFailure dynamicsFailure = assertThrows(EnvironmentFailure.class,
                () -> VectorEnv.create(new MaskedTestEnvironments.WalledIn(), 2, SEED, 0));
        assertTrue(dynamicsFailure.getMessage().startsWith("environment " + MaskedTestEnvironments.WalledIn.class.getName()
                + " ('WalledIn-v0'), env index 0, after reset: validActions() marks no action of component 1 valid"),
                dynamicsFailure.getMessage());
        VectorEnv env = VectorEnv.create(EnvironmentClass.of(MaskedTestEnvironments.Cornered.class), 2, SEED, 0);
        env.step(new float[] {1, 1});
        EnvironmentFailure objectFailure = assertThrows(EnvironmentFailure.class, () -> env.step(new float[] {1, 1}));
        assertTrue(objectFailure.getMessage().startsWith("environment " + MaskedTestEnvironments.Cornered.class.getName()
                + " ('Cornered-v0'), env index 0, after step 2 of its episode: validActions() marks no action valid"),
                objectFailure.getMessage());
    }

    @Test
    void aMaskOfTheWrongSizeAndAMaskedBoxAreRefused() {
        EnvironmentFailure wrongSize = assertThrows(EnvironmentFailure.class,
                () -> VectorEnv.create(EnvironmentClass.of(MaskedTestEnvironments.ShortMask.class), 1, SEED, 0));
        assertTrue(wrongSize.getMessage().contains("validActions() returned 2 flags, expected 3 (one per action of "
                + "Discrete(3))"), wrongSize.getMessage());
        IllegalArgumentException box = assertThrows(IllegalArgumentException.class,
                () -> VectorEnv.create(EnvironmentClass.of(MaskedTestEnvironments.MaskedBox.class), 1, SEED, 0));
        assertTrue(box.getMessage().contains("('MaskedBox-v0') reports action masks, but action masks need a Discrete "
                + "or MultiDiscrete action space"), box.getMessage());
    }

    @Test
    void spacesAndMaskShapesCheckTheirArguments() {
        assertEquals(2, new MultiDiscrete(3, 4).flatDim());
        assertEquals("MultiDiscrete([3, 4])", new MultiDiscrete(3, 4).toString());
        assertThrows(IllegalArgumentException.class, MultiDiscrete::new);
        assertThrows(IllegalArgumentException.class, () -> new MultiDiscrete(3, 0));
        ActionMaskShape shape = ActionMaskShape.of(new MultiDiscrete(2, 3));
        assertEquals(5, shape.width());
        assertEquals(-1, shape.firstEmptyComponent(new boolean[] {false, true, false, false, true}, 0));
        assertEquals(1, shape.firstEmptyComponent(new boolean[] {true, true, false, false, false}, 0));
        assertThrows(IllegalArgumentException.class, () -> ActionMaskShape.of(Box.uniform(-1, 1, 2)));
    }
}
