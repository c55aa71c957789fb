package org.sparkppo.env.grid;

import java.util.List;
import java.util.OptionalDouble;
import org.sparkppo.env.Box;
import org.sparkppo.env.Discrete;
import org.sparkppo.env.EnvSpec;
import org.sparkppo.env.MaskedDynamics;
import org.sparkppo.seed.SplitMix64;

/**
 * {@code GridMaze-v0}: a walker in a fixed 7×7 maze, a test of invalid-action masking. The walker
 * has the eight compass moves; the walls mask them: a move into a wall or off the grid is invalid, and
 * so is a diagonal move that would cut a wall's corner (both cells it passes beside must be open, the
 * usual rule of grid path-finding). An invalid move gets probability zero and is never taken (one the
 * dynamics receive anyway is refused with an exception). The maze is a tree of 32 open cells (no
 * loops) with no 2×2 open block, so no diagonal move is ever valid here and every cell has one to
 * three valid moves: at every step at least 5 of the 8 actions are invalid (62.5%), 75.8% on average
 * over the cells, 87.5% at the three dead ends.
 * <pre>
 *   S . # . . . .
 *   . # # . # # .
 *   . . . # . . .
 *   . # . # . # #
 *   . # . . . # .
 *   . # # # # # .
 *   . . . . . . G
 * </pre>
 * Actions: 0 left, 1 down, 2 right, 3 up (Gymnasium's {@code FrozenLake} order), then the diagonals
 * 4 down-left, 5 down-right, 6 up-right, 7 up-left. Every episode
 * starts at S (row 0, column 0); each move earns −1 and reaching G (row 6, column 6) terminates it.
 * Truncated after 100 steps. Observation: the one-hot of the walker's cell over all 49 cells, row by
 * row. State: {@code (row, column)}.
 *
 * <p>Known optimum: the shortest path from S to G has 12 moves (down the left column, then along the
 * bottom row), so the optimal return is −12, the same for every episode. A uniformly random valid
 * move reaches G within the 100 steps in about 23% of episodes.
 */
public final class GridMaze implements MaskedDynamics {
    static final List<String> LAYOUT = List.of(
            "S.#....",
            ".##.##.",
            "...#...",
            ".#.#.##",
            ".#...#.",
            ".#####.",
            "......G");
    static final int SIZE = 7;
    static final int GOAL_ROW = 6;
    static final int GOAL_COLUMN = 6;
    /** The return of the shortest path: 12 moves of −1. */
    public static final double OPTIMAL_RETURN = -12;
    /** The number of moves: four orthogonal, then four diagonal. */
    static final int MOVES = 8;
    private static final int[] ROW_STEP = {0, 1, 0, -1, 1, 1, -1, -1};
    private static final int[] COLUMN_STEP = {-1, 0, 1, 0, -1, 1, 1, -1};
    private static final String[] MOVE_NAMES = {"left", "down", "right", "up", "down-left", "down-right",
        "up-right", "up-left"};

    private static final EnvSpec SPEC = new EnvSpec("GridMaze-v0", 100, OptionalDouble.of(OPTIMAL_RETURN),
            Box.uniform(0f, 1f, SIZE * SIZE), new Discrete(MOVES), 2);

    @Override
    public EnvSpec spec() {
        return SPEC;
    }

    /** Whether cell {@code (row, column)} is inside the grid and not a wall. */
    public static boolean open(int row, int column) {
        return row >= 0 && row < SIZE && column >= 0 && column < SIZE && LAYOUT.get(row).charAt(column) != '#';
    }

    /**
     * Whether {@code move} is valid from the open cell {@code (row, column)}: its target is open and, for
     * a diagonal, so are the two cells it passes beside (no cutting a wall's corner).
     */
    public static boolean valid(int row, int column, int move) {
        int toRow = row + ROW_STEP[move];
        int toColumn = column + COLUMN_STEP[move];
        return open(toRow, toColumn) && open(toRow, column) && open(row, toColumn);
    }

    @Override
    public void reset(double[] state, int env, SplitMix64 rng) {
        state[env * 2] = 0;
        state[env * 2 + 1] = 0;
    }

    @Override
    public void step(double[] state, float[] actions, double[] rewards, boolean[] terminated, int numEnvs) {
        for (int i = 0; i < numEnvs; i++) {
            int row = (int) state[i * 2];
            int column = (int) state[i * 2 + 1];
            int move = (int) actions[i];
            if (move < 0 || move >= MOVES || actions[i] != move || !valid(row, column, move)) {
                throw new IllegalArgumentException("GridMaze-v0: action " + actions[i] + " of env " + i
                        + " is invalid at row " + row + ", column " + column + " (masked: "
                        + (move >= 0 && move < MOVES ? "moves " + MOVE_NAMES[move]
                        + " into a wall, off the grid or across a wall's corner" : "not a move 0..7") + ")");
            }
            row += ROW_STEP[move];
            column += COLUMN_STEP[move];
            state[i * 2] = row;
            state[i * 2 + 1] = column;
            rewards[i] = -1;
            terminated[i] = row == GOAL_ROW && column == GOAL_COLUMN;
        }
    }

    @Override
    public void observe(double[] state, int env, float[] observations) {
        int o = env * SIZE * SIZE;
        for (int k = 0; k < SIZE * SIZE; k++) {
            observations[o + k] = 0f;
        }
        observations[o + (int) state[env * 2] * SIZE + (int) state[env * 2 + 1]] = 1f;
    }

    @Override
    public void validActions(double[] state, int env, boolean[] masks) {
        int row = (int) state[env * 2];
        int column = (int) state[env * 2 + 1];
        for (int move = 0; move < MOVES; move++) {
            masks[env * MOVES + move] = valid(row, column, move);
        }
    }
}
