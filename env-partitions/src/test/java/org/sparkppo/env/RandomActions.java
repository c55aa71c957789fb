package org.sparkppo.env;

import java.util.Arrays;
import org.sparkppo.seed.SplitMix64;

/**
 * Uniformly random action blocks for any environment's action space, drawn from a seeded
 * {@link SplitMix64}: a Discrete(n) action is an index in [0, n) (each MultiDiscrete component
 * likewise), a Box action is uniform within the box's bounds. Where the environment masks actions,
 * each index is uniform over the valid ones. Two instances built with the same arguments give the
 * same blocks for the same masks.
 */
final class RandomActions {
    private final Space space;
    private final int[] sizes;
    private final SplitMix64 rng;
    private final float[] block;

    RandomActions(EnvSpec spec, int numEnvs, long seed) {
        this.space = spec.actionSpace();
        this.sizes = space instanceof Box ? null : ActionMaskShape.of(space).componentSizes();
        this.rng = new SplitMix64(seed);
        this.block = new float[numEnvs * space.flatDim()];
    }

    /**
     * The next block {@code [numEnvs * actionDim]} for the environments' current masks
     * ({@link VectorEnv#actionMasks()}, null when none); the array is reused by the following call.
     */
    float[] next(boolean[] masks) {
        if (sizes == null) {
            Box box = (Box) space;
            int dim = box.flatDim();
            for (int i = 0; i < block.length; i++) {
                block[i] = (float) rng.uniform(box.low(i % dim), box.high(i % dim));
            }
            return block;
        }
        int width = Arrays.stream(sizes).sum();
        for (int i = 0; i < block.length / sizes.length; i++) {
            int offset = i * width;
            for (int c = 0; c < sizes.length; c++) {
                block[i * sizes.length + c] = masks == null ? rng.nextInt(sizes[c]) : validIndex(masks, offset, sizes[c]);
                offset += sizes[c];
            }
        }
        return block;
    }

    private int validIndex(boolean[] masks, int offset, int n) {
        int valid = 0;
        for (int k = 0; k < n; k++) {
            valid += masks[offset + k] ? 1 : 0;
        }
        int pick = rng.nextInt(valid);
        for (int k = 0; k < n; k++) {
            if (masks[offset + k] && pick-- == 0) {
                return k;
            }
        }
        throw new IllegalStateException("no valid action");
    }
}
