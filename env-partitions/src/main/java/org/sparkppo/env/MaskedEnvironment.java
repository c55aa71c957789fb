package org.sparkppo.env;

/**
 * An {@link Environment} that says which actions are valid in its current state: the policy gives the
 * others zero probability (invalid-action masking, Huang and Ontañón 2022), so {@link #step} never
 * receives one. The action space must be {@link Discrete} or {@link MultiDiscrete}; the mask layout is
 * {@link ActionMaskShape}. {@link VectorEnv} asks after every {@link #reset} and {@link #step}, and stops
 * the run with an {@link EnvironmentFailure} naming the class, env index and step when the mask has the
 * wrong size or a component has no valid action.
 */
public interface MaskedEnvironment extends Environment {

    /**
     * The valid actions of the current state (after the last {@link #reset} or {@link #step}),
     * {@link ActionMaskShape#width()} flags; the caller copies them before the next call.
     */
    boolean[] validActions();
}
