package org.sparkppo.env.grid;

import java.util.OptionalDouble;
import org.sparkppo.env.Box;
import org.sparkppo.env.EnvSpec;
import org.sparkppo.env.MaskedDynamics;
import org.sparkppo.env.MultiDiscrete;
import org.sparkppo.seed.SplitMix64;

/**
 * {@code GridReach-v0}: a point on an open 7×7 grid steered to a goal by two independent
 * components, a test of {@code MultiDiscrete} actions with per-component masking. The action is
 * {@code MultiDiscrete([3, 3])}: component 0 moves the column by {@code a₀ − 1}, component 1 the row
 * by {@code a₁ − 1}, both in one step (so diagonal moves are one step). A component that would leave
 * the grid is masked (at column 0, {@code a₀ = 0} is invalid; at column 6, {@code a₀ = 2}; the same
 * for rows); one the dynamics receive anyway is refused with an exception.
 *
 * <p>Each episode starts at a uniformly random cell with the goal at a uniformly random other cell
 * (drawn from the environment's reset stream). Each step earns −1 and reaching the goal terminates
 * the episode; truncated after 50 steps. Observation:
 * {@code (column / 6, row / 6, (goal column − column) / 6, (goal row − row) / 6)}. State:
 * {@code (column, row, goal column, goal row)}.
 *
 * <p>Known optimum: an episode needs {@code max(|Δcolumn|, |Δrow|)} steps (the Chebyshev distance),
 * so its optimal return is minus that. Over the reset distribution the expected optimal return is
 * {@code −23/7 ≈ −3.286} (the mean Chebyshev distance of two distinct cells of a 7×7 grid).
 */
public final class GridReach implements MaskedDynamics {
    static final int SIZE = 7;
    /** The expected optimal return over the reset distribution, −23/7. */
    public static final double EXPECTED_OPTIMAL_RETURN = -23.0 / 7.0;
    private static final double SCALE = SIZE - 1;

    private static final EnvSpec SPEC = new EnvSpec("GridReach-v0", 50, OptionalDouble.empty(),
            new Box(new float[] {0f, 0f, -1f, -1f}, new float[] {1f, 1f, 1f, 1f}, 4), new MultiDiscrete(3, 3), 4);

    @Override
    public EnvSpec spec() {
        return SPEC;
    }

    @Override
    public void reset(double[] state, int env, SplitMix64 rng) {
        int agent = rng.nextInt(SIZE * SIZE);
        int goal = rng.nextInt(SIZE * SIZE - 1);
        if (goal >= agent) {
            goal++;
        }
        int o = env * 4;
        state[o] = agent % SIZE;
        state[o + 1] = agent / SIZE;
        state[o + 2] = goal % SIZE;
        state[o + 3] = goal / SIZE;
    }

    @Override
    public void step(double[] state, float[] actions, double[] rewards, boolean[] terminated, int numEnvs) {
        for (int i = 0; i < numEnvs; i++) {
            int o = i * 4;
            int column = (int) state[o] + move(actions[i * 2], i, 0, (int) state[o]);
            int row = (int) state[o + 1] + move(actions[i * 2 + 1], i, 1, (int) state[o + 1]);
            state[o] = column;
            state[o + 1] = row;
            rewards[i] = -1;
            terminated[i] = column == (int) state[o + 2] && row == (int) state[o + 3];
        }
    }

    /** The displacement {@code a − 1} of one component, refused where it leaves the grid. */
    private static int move(float action, int env, int component, int position) {
        int delta = (int) action - 1;
        if (action != (int) action || delta < -1 || delta > 1 || position + delta < 0 || position + delta >= SIZE) {
            throw new IllegalArgumentException("GridReach-v0: component " + component + " = " + action + " of env " + env
                    + " is invalid at " + (component == 0 ? "column " : "row ") + position
                    + " (masked: it leaves the grid or is not 0..2)");
        }
        return delta;
    }

    @Override
    public void observe(double[] state, int env, float[] observations) {
        int s = env * 4;
        int o = env * 4;
        observations[o] = (float) (state[s] / SCALE);
        observations[o + 1] = (float) (state[s + 1] / SCALE);
        observations[o + 2] = (float) ((state[s + 2] - state[s]) / SCALE);
        observations[o + 3] = (float) ((state[s + 3] - state[s + 1]) / SCALE);
    }

    @Override
    public void validActions(double[] state, int env, boolean[] masks) {
        for (int component = 0; component < 2; component++) {
            int position = (int) state[env * 4 + component];
            int m = env * 6 + component * 3;
            masks[m] = position > 0;
            masks[m + 1] = true;
            masks[m + 2] = position < SIZE - 1;
        }
    }
}
