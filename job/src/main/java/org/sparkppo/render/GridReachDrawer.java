package org.sparkppo.render;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.util.List;

/**
 * {@code GridReach-v0} in 350×350 pixels at 4 frames per second: the 7×7 grid's lines, the goal cell
 * green, the point a blue disc; column 0 at the left, row 0 at the top. Observation:
 * {@code (column / 6, row / 6, Δcolumn / 6, Δrow / 6)} to the goal.
 */
public final class GridReachDrawer extends FrameDrawer {
    private static final int CELL = GridMazeDrawer.CELL;
    private static final int SIZE = 7;
    private static final Color GOAL = new Color(120, 200, 120);
    private static final Color POINT = new Color(60, 90, 200);
    private static final Color LINE = new Color(200, 200, 200);

    public GridReachDrawer() {
        super("GridReach-v0", SIZE * CELL, SIZE * CELL, 4, List.of(GOAL, POINT, LINE));
    }

    @Override
    public void draw(Graphics2D g, EpisodeFrame frame) {
        float[] obs = frame.observation();
        int column = Math.round(obs[0] * (SIZE - 1));
        int row = Math.round(obs[1] * (SIZE - 1));
        int goalColumn = column + Math.round(obs[2] * (SIZE - 1));
        int goalRow = row + Math.round(obs[3] * (SIZE - 1));
        g.setColor(LINE);
        for (int k = 1; k < SIZE; k++) {
            g.fill(new Rectangle2D.Double(k * CELL, 0, 1, SIZE * CELL));
            g.fill(new Rectangle2D.Double(0, k * CELL, SIZE * CELL, 1));
        }
        g.setColor(GOAL);
        g.fill(new Rectangle2D.Double(goalColumn * CELL, (SIZE - 1 - goalRow) * CELL, CELL, CELL));
        g.setColor(POINT);
        g.fill(new Ellipse2D.Double(column * CELL + 8, (SIZE - 1 - row) * CELL + 8, CELL - 16, CELL - 16));
    }
}
