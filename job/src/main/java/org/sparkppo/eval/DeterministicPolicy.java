package org.sparkppo.eval;

/** A policy's deterministic action for each of a batch of raw observations (what evaluation plays). */
public interface DeterministicPolicy {
    /**
     * @param observations raw observations {@code [count × observationDim]}, row-major
     * @param actionMasks  the valid actions of each row ({@code VectorEnv.actionMasks()}), of which the
     *                     most probable is chosen; null when the environment does not mask actions
     * @param actionsOut   receives {@code [count × actionWidth]}: the action index (Discrete) or the
     *                     action clipped to the space's bounds (Box)
     */
    void act(float[] observations, boolean[] actionMasks, int count, float[] actionsOut);
}
