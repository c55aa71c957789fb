package org.sparkppo.eval;

import org.sparkppo.env.VectorEnv;

/**
 * Driver-only: sees every step of a {@link DeterministicEvaluation}, so whatever it records comes from
 * the very episodes whose returns are reported. It reads the vector env and must not step it.
 */
public interface EvaluationObserver {
    /** Observes nothing. */
    EvaluationObserver NONE = new EvaluationObserver() {
        @Override
        public void started(VectorEnv env) {
        }

        @Override
        public void stepped(VectorEnv env, float[] actions) {
        }
    };

    /** Called once with the freshly reset environments, before the first step. */
    void started(VectorEnv env);

    /**
     * Called after every step with the action block just applied. Environments that finished an
     * episode on this step are already reset: their last observation is in
     * {@link VectorEnv#finalObservations()}.
     */
    void stepped(VectorEnv env, float[] actions);
}
