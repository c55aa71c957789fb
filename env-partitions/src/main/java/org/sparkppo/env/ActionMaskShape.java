package org.sparkppo.env;

import java.util.Arrays;

/**
 * How an action mask lays out the valid actions of a {@link Discrete} or {@link MultiDiscrete} space:
 * one flag per value of each component, component after component ({@code Discrete(n)} is one
 * component of {@code n}). {@code true} marks a valid action. A {@link Box} space has no mask.
 *
 * @param componentSizes the number of values of each component
 */
public record ActionMaskShape(int[] componentSizes) {

    public ActionMaskShape {
        componentSizes = componentSizes.clone();
    }

    /**
     * The mask shape of an action space.
     *
     * @throws IllegalArgumentException for a {@link Box} space, whose actions cannot be masked
     */
    public static ActionMaskShape of(Space actionSpace) {
        if (actionSpace instanceof Discrete d) {
            return new ActionMaskShape(new int[] {d.n()});
        }
        if (actionSpace instanceof MultiDiscrete m) {
            return new ActionMaskShape(m.nvec());
        }
        throw new IllegalArgumentException("action masks need a Discrete or MultiDiscrete action space, but it is "
                + actionSpace);
    }

    @Override
    public int[] componentSizes() {
        return componentSizes.clone();
    }

    /** Flags per mask row: {@code Σ componentSizes}. */
    public int width() {
        return Arrays.stream(componentSizes).sum();
    }

    /**
     * The first component without a valid action in the mask row at {@code masks[offset ..]}, or -1
     * when every component has one.
     */
    public int firstEmptyComponent(boolean[] masks, int offset) {
        int start = offset;
        for (int c = 0; c < componentSizes.length; c++) {
            boolean any = false;
            for (int k = 0; k < componentSizes[c] && !any; k++) {
                any = masks[start + k];
            }
            if (!any) {
                return c;
            }
            start += componentSizes[c];
        }
        return -1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ActionMaskShape s && Arrays.equals(componentSizes, s.componentSizes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(componentSizes);
    }

    @Override
    public String toString() {
        return "ActionMaskShape" + Arrays.toString(componentSizes);
    }
}
