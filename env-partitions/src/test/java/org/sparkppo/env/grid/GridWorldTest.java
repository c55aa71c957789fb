package org.sparkppo.env.grid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;
import org.sparkppo.env.EnvRegistry;
import org.sparkppo.env.VectorEnv;

/**
 * The grid worlds' dynamics, masks and known optima: GridMaze-v0's shortest path (breadth-first
 * search over the layout) is 12 moves and playing it returns −12; every mask is exactly the set of
 * moves into open cells that cut no wall's corner, and at least 5 of the 8 moves are masked in every
 * cell; an invalid move is refused; GridReach-v0's expected optimal return over its
 * reset distribution is −23/7 (enumeration), an episode played along the Chebyshev path returns minus
 * the Chebyshev distance, and a component leaving the grid is masked and refused.
 */
class GridWorldTest {
    private static final EnvRegistry REGISTRY = EnvRegistry.load();
    /** GridMaze's moves: left, down, right, up (FrozenLake order), down-left, down-right, up-right, up-left. */
    private static final int[][] MOVES = {{0, -1}, {1, 0}, {0, 1}, {-1, 0}, {1, -1}, {1, 1}, {-1, 1}, {-1, -1}};

    @Test
    void gridMazeShortestPathHasTwelveMovesAndReturnsTheOptimum() {
        int[][] distance = new int[GridMaze.SIZE][GridMaze.SIZE];
        for (int[] row : distance) {
            java.util.Arrays.fill(row, -1);
        }
        Deque<int[]> queue = new ArrayDeque<>();
        distance[0][0] = 0;
        queue.add(new int[] {0, 0});
        while (!queue.isEmpty()) {
            int[] cell = queue.poll();
            for (int[] m : MOVES) {
                int r = cell[0] + m[0];
                int c = cell[1] + m[1];
                if (expectedValid(cell[0], cell[1], m) && distance[r][c] < 0) {
                    distance[r][c] = distance[cell[0]][cell[1]] + 1;
                    queue.add(new int[] {r, c});
                }
            }
        }
        assertEquals(-GridMaze.OPTIMAL_RETURN, distance[GridMaze.GOAL_ROW][GridMaze.GOAL_COLUMN]);

        VectorEnv env = REGISTRY.make("GridMaze-v0", 1, 3, 0);
        float[] action = new float[1];
        for (int step = 0; step < 12; step++) {
            action[0] = step < 6 ? 1 : 2;
            env.step(action);
            assertEquals(step == 11, env.terminated()[0], "terminated after move " + (step + 1));
        }
        assertEquals(GridMaze.OPTIMAL_RETURN, env.finishedReturns()[0], 0.0);
        assertEquals(12, env.finishedLengths()[0]);
    }

    @Test
    void gridMazeMasksAreTheMovesIntoOpenCellsAndAnInvalidMoveIsRefused() {
        GridMaze maze = new GridMaze();
        boolean[] mask = new boolean[8];
        int invalid = 0;
        int cells = 0;
        for (int r = 0; r < GridMaze.SIZE; r++) {
            for (int c = 0; c < GridMaze.SIZE; c++) {
                if (!GridMaze.open(r, c)) {
                    continue;
                }
                maze.validActions(new double[] {r, c}, 0, mask);
                int invalidHere = 0;
                for (int k = 0; k < 8; k++) {
                    assertEquals(expectedValid(r, c, MOVES[k]), mask[k], "cell " + r + "," + c + ", move " + k);
                    invalidHere += mask[k] ? 0 : 1;
                }
                assertTrue(invalidHere >= 5, "cell " + r + "," + c + " masks " + invalidHere + " of 8 moves");
                invalid += invalidHere;
                cells++;
            }
        }
        assertEquals(32, cells);
        assertEquals(194, invalid, "invalid moves over the 32 open cells (75.8%)");
        VectorEnv env = REGISTRY.make("GridMaze-v0", 1, 3, 0);
        assertArrayEquals(new boolean[] {false, true, true, false, false, false, false, false}, env.actionMasks());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> env.step(new float[] {3}));
        assertTrue(e.getMessage().contains("invalid at row 0, column 0"), e.getMessage());
    }

    /** A move's target is open and, for a diagonal, so are the two cells beside its path. */
    private static boolean expectedValid(int r, int c, int[] move) {
        boolean diagonal = move[0] != 0 && move[1] != 0;
        return GridMaze.open(r + move[0], c + move[1])
                && (!diagonal || GridMaze.open(r + move[0], c) && GridMaze.open(r, c + move[1]));
    }

    @Test
    void gridMazeRefusesADiagonalMoveAcrossAWallCorner() {
        VectorEnv env = REGISTRY.make("GridMaze-v0", 1, 3, 0);
        env.step(new float[] {1});
        // At (1, 0): down-right targets the open (2, 1) but passes beside the wall (1, 1).
        assertTrue(GridMaze.open(2, 1));
        assertFalse(env.actionMasks()[5]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> env.step(new float[] {5}));
        assertTrue(e.getMessage().contains("down-right"), e.getMessage());
    }

    @Test
    void gridReachExpectedOptimumIsMinus23Over7() {
        double sum = 0;
        int pairs = 0;
        int n = GridReach.SIZE * GridReach.SIZE;
        for (int a = 0; a < n; a++) {
            for (int g = 0; g < n; g++) {
                if (a != g) {
                    sum += Math.max(Math.abs(a % 7 - g % 7), Math.abs(a / 7 - g / 7));
                    pairs++;
                }
            }
        }
        assertEquals(GridReach.EXPECTED_OPTIMAL_RETURN, -sum / pairs, 1e-15);
    }

    @Test
    void gridReachChebyshevPathReturnsMinusTheDistanceAndMasksEachComponent() {
        VectorEnv env = REGISTRY.make("GridReach-v0", 16, 5, 1);
        for (int i = 0; i < 16; i++) {
            double[] s = env.state(i);
            int distance = (int) Math.max(Math.abs(s[2] - s[0]), Math.abs(s[3] - s[1]));
            VectorEnv one = REGISTRY.make("GridReach-v0", 16, 5, 1);
            for (int step = 0; step < distance; step++) {
                double[] now = one.state(i);
                float[] actions = new float[32];
                java.util.Arrays.fill(actions, 1f);
                actions[2 * i] = (float) (Math.signum(now[2] - now[0]) + 1);
                actions[2 * i + 1] = (float) (Math.signum(now[3] - now[1]) + 1);
                for (int j = 0; j < 16; j++) {
                    // The other envs stay put (1, 1) and must not reach their goals: only env i is followed.
                    assertFalse(one.terminated()[j] && j != i);
                }
                one.step(actions);
            }
            assertTrue(one.terminated()[i], "env " + i + " reached its goal in " + distance + " steps");
            assertEquals(-distance, one.finishedReturns()[i], 0.0);
        }
        boolean[] masks = env.actionMasks();
        for (int i = 0; i < 16; i++) {
            double[] s = env.state(i);
            for (int c = 0; c < 2; c++) {
                assertEquals(s[c] > 0, masks[i * 6 + c * 3]);
                assertTrue(masks[i * 6 + c * 3 + 1]);
                assertEquals(s[c] < GridReach.SIZE - 1, masks[i * 6 + c * 3 + 2]);
            }
        }
        VectorEnv corner = REGISTRY.make("GridReach-v0", 1, 5, 1);
        corner.loadState(0, new double[] {0, 6, 3, 3}, 0);
        assertArrayEquals(new boolean[] {false, true, true, true, true, false}, corner.actionMasks());
        assertThrows(IllegalArgumentException.class, () -> corner.step(new float[] {0, 1}));
        assertThrows(IllegalArgumentException.class, () -> corner.step(new float[] {1, 2}));
    }
}
