package org.sparkppo.policy;

import java.io.Serializable;
import org.sparkppo.seed.SplitMix64;

/**
 * The family of action distributions π(·|s) a policy head parameterizes, evaluated in double
 * precision on plain arrays. Sampling in the rollout, the old log-probabilities, the losses and
 * the diagnostics all call the same implementation on the same network outputs, which is what
 * makes the probability ratio exactly 1 on the first minibatch of the first epoch.
 *
 * <p>A row of distribution parameters ({@link #paramWidth()} values) is what the network's policy
 * output holds for one state; an action row ({@link #actionWidth()} values) is what the rollout
 * stores. Gradients are with respect to the distribution parameters and are <em>added</em>,
 * scaled, into {@code grad}.
 */
public interface ActionDistribution extends Serializable {

    /** Width of one row of distribution parameters (the policy output). */
    int paramWidth();

    /** Width of one stored action row. */
    int actionWidth();

    /** log π(a|s). */
    double logProb(double[] params, int p, float[] actions, int a);

    /** {@code grad += scale · ∂ log π(a|s) / ∂params}. */
    void addLogProbGradient(double[] params, int p, float[] actions, int a, double scale, double[] grad, int g);

    /** Entropy H[π(·|s)]. */
    double entropy(double[] params, int p);

    /** {@code grad += scale · ∂H / ∂params}. */
    void addEntropyGradient(double[] params, int p, double scale, double[] grad, int g);

    /** KL(π_old(·|s) ‖ π(·|s)), old parameters at {@code old[o..]}, current at {@code params[p..]}. */
    double kl(double[] old, int o, double[] params, int p);

    /** {@code grad += scale · ∂KL(π_old ‖ π) / ∂params} (the current parameters). */
    void addKlGradient(double[] old, int o, double[] params, int p, double scale, double[] grad, int g);

    /**
     * Draws an action into {@code actions[a..]} (rounded to float, as stored) and returns its
     * log-probability, computed on the rounded value.
     */
    double sample(double[] params, int p, SplitMix64 rng, float[] actions, int a);

    /** The deterministic action (most probable index, or the mean) into {@code actions[a..]}. */
    void mode(double[] params, int p, float[] actions, int a);
}
