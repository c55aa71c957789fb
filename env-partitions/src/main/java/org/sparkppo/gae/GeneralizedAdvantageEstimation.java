package org.sparkppo.gae;

import org.sparkppo.rollout.RolloutBuffer;

/**
 * Generalized Advantage Estimation, GAE(γ, λ) (Schulman et al. 2016, "High-Dimensional Continuous
 * Control Using Generalized Advantage Estimation", eq. 16; truncated to the rollout as in the PPO
 * paper, Schulman et al. 2017, eqs. 11-12):
 *
 * <pre>
 *   δ_t = r_t + γ (1 − terminated_t) V(s'_t) − V(s_t)
 *   Â_t = δ_t + γλ (1 − done_t) Â_{t+1},      done_t = terminated_t ∨ truncated_t
 *   R_t = Â_t + V(s_t)                         (the value targets)
 * </pre>
 *
 * {@code s'_t} is the state reached by step t: {@code s_{t+1}} within an episode, the final
 * observation of a truncated episode (never the reset observation that follows it), and
 * {@code s_T} after the last step. λ = 0 gives the one-step TD error, λ = 1 the discounted return
 * minus V. Bootstrapping through truncation and not through termination is the difference from
 * CleanRL, which treats a time limit as a terminal state.
 */
public final class GeneralizedAdvantageEstimation {

    private GeneralizedAdvantageEstimation() {
    }

    /** Fills {@code buffer.advantages()} and {@code buffer.returns()}. */
    public static void compute(RolloutBuffer buffer, double gamma, double lambda) {
        int numSteps = buffer.numSteps();
        int numEnvs = buffer.numEnvs();
        double[][] rewards = buffer.rewards();
        double[][] values = buffer.values();
        boolean[][] terminated = buffer.terminated();
        boolean[][] truncated = buffer.truncated();
        double[][] finalValues = buffer.finalObservationValues();
        double[][] advantages = buffer.advantages();
        double[][] returns = buffer.returns();
        for (int env = 0; env < numEnvs; env++) {
            double lastGaeLam = 0;
            for (int t = numSteps - 1; t >= 0; t--) {
                double nextValue;
                if (terminated[t][env]) {
                    nextValue = 0;
                } else if (truncated[t][env]) {
                    nextValue = finalValues[t][env];
                } else {
                    nextValue = t + 1 < numSteps ? values[t + 1][env] : buffer.lastValues()[env];
                }
                double nextNonDone = terminated[t][env] || truncated[t][env] ? 0 : 1;
                double delta = rewards[t][env] + gamma * nextValue - values[t][env];
                lastGaeLam = delta + gamma * lambda * nextNonDone * lastGaeLam;
                advantages[t][env] = lastGaeLam;
                returns[t][env] = lastGaeLam + values[t][env];
            }
        }
    }
}
