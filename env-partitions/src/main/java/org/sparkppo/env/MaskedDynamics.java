package org.sparkppo.env;

/**
 * An {@link EnvDynamics} whose valid actions depend on the state: the policy gives the others zero
 * probability (invalid-action masking, Huang and Ontañón 2022), so none is ever chosen. The action
 * space must be {@link Discrete} or {@link MultiDiscrete}; its mask layout is {@link ActionMaskShape}.
 * {@link VectorEnv} asks after every reset and step, and stops the run with an
 * {@link EnvironmentFailure} when a component has no valid action.
 */
public interface MaskedDynamics extends EnvDynamics {

    /**
     * Writes which actions are valid in environment {@code env}'s current state into row {@code env}
     * of {@code masks}: {@code masks[env * width .. (env + 1) * width)}, {@code width} being
     * {@link ActionMaskShape#width()} of the action space. Every entry of the row is written.
     */
    void validActions(double[] state, int env, boolean[] masks);

    @Override
    default boolean masksActions() {
        return true;
    }
}
