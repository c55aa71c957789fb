package org.sparkppo.env;

import org.sparkppo.seed.SplitMix64;

/**
 * Uniformly random action blocks for any environment's action space, drawn from a seeded
 * {@link SplitMix64}: a Discrete(n) action is an index in [0, n), a Box action is uniform within
 * the box's bounds. Two instances built with the same arguments give the same blocks.
 */
final class RandomActions {
    private final Space space;
    private final SplitMix64 rng;
    private final float[] block;

    RandomActions(EnvSpec spec, int numEnvs, long seed) {
        this.space = spec.actionSpace();
        this.rng = new SplitMix64(seed);
        this.block = new float[numEnvs * space.flatDim()];
    }

    /** The next block {@code [numEnvs * actionDim]}; the array is reused by the following call. */
    float[] next() {
        if (space instanceof Discrete discrete) {
            for (int i = 0; i < block.length; i++) {
                block[i] = rng.nextInt(discrete.n());
            }
        } else {
            Box box = (Box) space;
            int dim = box.flatDim();
            for (int i = 0; i < block.length; i++) {
                block[i] = (float) rng.uniform(box.low(i % dim), box.high(i % dim));
            }
        }
        return block;
    }
}
