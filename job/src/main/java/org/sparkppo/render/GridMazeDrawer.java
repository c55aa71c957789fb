package org.sparkppo.render;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.util.List;
import org.sparkppo.env.grid.GridMaze;

/**
 * {@code GridMaze-v0} in 350×350 pixels at 4 frames per second (Gymnasium's grid worlds' rate): 50-pixel
 * cells, walls black, the goal cell green, the walker a blue disc. Row 0 at the top. Observation: the
 * one-hot of the walker's cell over the 49 cells.
 */
public final class GridMazeDrawer extends FrameDrawer {
    static final int CELL = 50;
    private static final int SIZE = 7;
    private static final Color GOAL = new Color(120, 200, 120);
    private static final Color WALKER = new Color(60, 90, 200);

    public GridMazeDrawer() {
        super("GridMaze-v0", SIZE * CELL, SIZE * CELL, 4, List.of(GOAL, WALKER));
    }

    @Override
    public void draw(Graphics2D g, EpisodeFrame frame) {
        int walker = 0;
        for (int k = 0; k < SIZE * SIZE; k++) {
            if (frame.observation()[k] > frame.observation()[walker]) {
                walker = k;
            }
        }
        for (int row = 0; row < SIZE; row++) {
            for (int column = 0; column < SIZE; column++) {
                // Drawing coordinates have y up: row 0 is the top row.
                Rectangle2D.Double cell = new Rectangle2D.Double(column * CELL, (SIZE - 1 - row) * CELL, CELL, CELL);
                if (!GridMaze.open(row, column)) {
                    g.setColor(Color.BLACK);
                    g.fill(cell);
                } else if (row == SIZE - 1 && column == SIZE - 1) {
                    g.setColor(GOAL);
                    g.fill(cell);
                }
            }
        }
        int row = walker / SIZE;
        int column = walker % SIZE;
        g.setColor(WALKER);
        g.fill(new Ellipse2D.Double(column * CELL + 8, (SIZE - 1 - row) * CELL + 8, CELL - 16, CELL - 16));
    }
}
