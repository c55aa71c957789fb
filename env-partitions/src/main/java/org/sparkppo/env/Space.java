package org.sparkppo.env;

/**
 * An observation or action space, as in Gymnasium's {@code gymnasium.spaces}.
 * The kinds the built-in environments need: {@link Discrete}, {@link MultiDiscrete} and {@link Box}.
 */
public sealed interface Space permits Discrete, MultiDiscrete, Box {

    /** Number of floats one element of this space occupies in a structure-of-arrays block. */
    int flatDim();
}
