package org.sparkppo.eval;

/** A policy's deterministic action for each of a batch of raw observations (what evaluation plays). */
public interface DeterministicPolicy {
    /**
     * @param observations raw observations {@code [count × observationDim]}, row-major
     * @param actionsOut   receives {@code [count × actionWidth]}: the action index (Discrete) or the
     *                     action clipped to the space's bounds (Box)
     */
    void act(float[] observations, int count, float[] actionsOut);
}
