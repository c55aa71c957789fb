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

    /**
     * State values V(s) of {@code count} observation rows. A recurrent policy reads row {@code i} as
     * environment {@code i}'s next observation, from that environment's state, which it leaves as it is.
     */
    void values(float[] observations, int count, double[] values);

    /**
     * State values V(s) of the final observations of environments {@code envs[0 .. count)} whose
     * episodes the time limit cut at this step, before their state is reset. A feed-forward policy
     * does not need the indexes.
     */
    default void finalValues(float[] observations, int[] envs, int count, double[] values) {
        values(observations, count, values);
    }

    /**
     * The step's episode ends, after {@link #finalValues}: a recurrent policy resets the state of each
     * environment whose episode ended. Nothing to do for a feed-forward policy.
     */
    default void episodesEnded(boolean[] terminated, boolean[] truncated) {
    }
}
