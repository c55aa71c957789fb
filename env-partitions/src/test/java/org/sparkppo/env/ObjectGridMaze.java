package org.sparkppo.env;

import java.util.Arrays;
import org.sparkppo.env.grid.GridMaze;
import org.sparkppo.seed.SplitMix64;

/**
 * GridMaze-v0 written the object way ({@link MaskedEnvironment}): the built-in {@link GridMaze}'s
 * moves on one walker held in a two-entry state, its masks read from the same dynamics. Tests build
 * it with {@code EnvironmentClass.of}.
 */
public class ObjectGridMaze implements MaskedEnvironment {
    public static final String ID = "ObjectGridMaze-v0";
    private static final GridMaze MAZE = new GridMaze();
    private static final EnvSpec SPEC = new EnvSpec(ID, 100, MAZE.spec().rewardThreshold(),
            MAZE.spec().observationSpace(), MAZE.spec().actionSpace());

    private final double[] state = new double[2];
    private final double[] reward = new double[1];
    private final boolean[] terminated = new boolean[1];

    @Override
    public EnvSpec spec() {
        return SPEC;
    }

    @Override
    public double[] reset(long seed) {
        MAZE.reset(state, 0, new SplitMix64(seed));
        return observation();
    }

    @Override
    public StepResult step(double[] action) {
        if (action.length != 1 || action[0] < 0 || action[0] > 7 || action[0] != Math.rint(action[0])) {
            throw new IllegalArgumentException("expected one move 0..7, found " + Arrays.toString(action));
        }
        MAZE.step(state, new float[] {(float) action[0]}, reward, terminated, 1);
        return new StepResult(observation(), reward[0], terminated[0], false);
    }

    @Override
    public boolean[] validActions() {
        boolean[] mask = new boolean[8];
        MAZE.validActions(state, 0, mask);
        return mask;
    }

    private double[] observation() {
        float[] obs = new float[SPEC.observationSpace().flatDim()];
        MAZE.observe(state, 0, obs);
        double[] out = new double[obs.length];
        for (int k = 0; k < obs.length; k++) {
            out[k] = obs[k];
        }
        return out;
    }
}
