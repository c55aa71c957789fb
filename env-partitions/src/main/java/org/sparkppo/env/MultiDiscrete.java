package org.sparkppo.env;

import java.util.Arrays;

/**
 * {@code MultiDiscrete(nvec)}, as Gymnasium's {@code gymnasium.spaces.MultiDiscrete} with a zero
 * start: component {@code c} takes the integers {@code 0 .. nvec[c]-1}, independently of the others.
 * One element occupies one float slot per component of an action block (each index, stored exactly);
 * an action mask has {@code Σ nvec} entries, component {@code c}'s after those of the components before it.
 */
public final class MultiDiscrete implements Space {
    private final int[] nvec;

    public MultiDiscrete(int... nvec) {
        if (nvec.length < 1) {
            throw new IllegalArgumentException("MultiDiscrete space needs at least one component, but nvec was empty");
        }
        for (int c = 0; c < nvec.length; c++) {
            if (nvec[c] < 1) {
                throw new IllegalArgumentException("MultiDiscrete space needs every nvec entry >= 1, but entry " + c
                        + " was " + nvec[c]);
            }
        }
        this.nvec = nvec.clone();
    }

    /** The number of values of each component. */
    public int[] nvec() {
        return nvec.clone();
    }

    public int components() {
        return nvec.length;
    }

    public int n(int component) {
        return nvec[component];
    }

    @Override
    public int flatDim() {
        return nvec.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MultiDiscrete m && Arrays.equals(nvec, m.nvec);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(nvec);
    }

    @Override
    public String toString() {
        return "MultiDiscrete(" + Arrays.toString(nvec) + ")";
    }
}
