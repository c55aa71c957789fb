package org.sparkppo.policy;

/**
 * Invalid-action masking of categorical logits (Huang and Ontañón 2022, "A Closer Look at
 * Invalid Action Masking in Policy Gradient Algorithms", and the masked categorical of sb3-contrib's
 * MaskablePPO and CleanRL's {@code ppo_gridnet}): the logit of an invalid action is <em>replaced</em>
 * by {@value #MASKED_LOGIT} before the distribution is evaluated. Then, with the valid logits of a
 * network (far above −10⁸), {@code exp(−10⁸ − max)} is exactly 0 in double precision, so an invalid
 * action has probability 0 and is never sampled nor chosen by the mode; the entropy and
 * KL(π_old‖π) sum over the valid actions only (their terms {@code π_k log π_k} are {@code 0 · finite});
 * and the gradient of every {@link CategoricalDistribution} formula is exactly 0 at an invalid logit
 * ({@code π_k = π_old,k = 0}). Because the masked logit is replaced, not shifted, the network's own
 * output there receives zero gradient, which {@link #zeroInvalid} makes explicit.
 *
 * <p>The mask row is laid out as the logits are: per component, one flag per value
 * ({@code org.sparkppo.env.ActionMaskShape}), so for {@code Discrete} and {@code MultiDiscrete}
 * spaces a mask row and a row of distribution parameters have the same width.
 */
public final class ActionMask {
    /** The logit an invalid action gets, as in sb3-contrib and CleanRL. */
    public static final double MASKED_LOGIT = -1e8;

    private ActionMask() {
    }

    /** Replaces the logits {@code params[p .. p+width)} of invalid actions ({@code valid[v + k]} false). */
    public static void apply(double[] params, int p, boolean[] valid, int v, int width) {
        for (int k = 0; k < width; k++) {
            if (!valid[v + k]) {
                params[p + k] = MASKED_LOGIT;
            }
        }
    }

    /** Sets the gradient entries {@code grad[g .. g+width)} of invalid actions to 0 (the replaced logits). */
    public static void zeroInvalid(double[] grad, int g, boolean[] valid, int v, int width) {
        for (int k = 0; k < width; k++) {
            if (!valid[v + k]) {
                grad[g + k] = 0;
            }
        }
    }
}
