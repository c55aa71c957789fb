package org.sparkppo.rollout;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Episodes that ended during one rollout, in the order they ended: the rollout step at which each
 * ended (0-based), its undiscounted return and its length. Returns and lengths span the whole
 * episode, including the part played in earlier iterations.
 */
public final class FinishedEpisodes implements Serializable {
    private static final long serialVersionUID = 1L;

    private int count;
    private int[] steps = new int[16];
    private double[] returns = new double[16];
    private int[] lengths = new int[16];

    public void add(int step, double episodeReturn, int length) {
        if (count == steps.length) {
            steps = Arrays.copyOf(steps, count * 2);
            returns = Arrays.copyOf(returns, count * 2);
            lengths = Arrays.copyOf(lengths, count * 2);
        }
        steps[count] = step;
        returns[count] = episodeReturn;
        lengths[count] = length;
        count++;
    }

    public int count() {
        return count;
    }

    public int step(int i) {
        return steps[i];
    }

    public double episodeReturn(int i) {
        return returns[i];
    }

    public int length(int i) {
        return lengths[i];
    }
}
