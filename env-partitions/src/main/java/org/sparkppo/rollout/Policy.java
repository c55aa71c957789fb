package org.sparkppo.rollout;

/**
 * What the rollout asks of a policy, batched over a block of observations. The job plugs in a
 * DL4J actor-critic; tests plug in anything. Implementations own their random stream, so a
 * rollout is deterministic given the policy's seed.
 */
public interface Policy {

    /**
     * Samples one action per observation row and reports its log-probability and the state value.
     *
     * @param observations {@code [count * obsDim]}
     * @param actionMasks  {@code [count * maskWidth]}: the valid actions of each row, which alone may be
     *                     sampled ({@code org.sparkppo.env.ActionMaskShape}); null when all are valid
     * @param count        number of rows
     * @param actions      out: {@code [count * actionDim]}, discrete actions as their index
     * @param logProbs     out: {@code [count]}, log π(a|s) of the stored action
     * @param values       out: {@code [count]}, V(s)
     */
    void act(float[] observations, boolean[] actionMasks, int count, float[] actions, double[] logProbs,
             double[] values);

    /** State values V(s) of {@code count} observation rows. */
    void values(float[] observations, int count, double[] values);
}
