package org.sparkppo.config;

/**
 * PPO's optimization settings; names follow SB3 where it has one (docs/configuration.md lists the
 * CleanRL, RLlib and paper names).
 *
 * @param numEpochs              K: passes over the rollout per iteration
 * @param minibatchSize          samples per gradient step on one partition (with gradient sync, each
 *                               partition's share of a step of numPartitions × minibatchSize)
 * @param averagingFrequency     minibatches between two parameter averagings; 0 = once per epoch
 * @param gamma                  discount γ
 * @param gaeLambda              GAE λ
 * @param objective              clipped surrogate, KL penalty, or both
 * @param clipRange              ε of the clipped surrogate
 * @param annealClipRange        anneal ε linearly to 0 over the run
 * @param klPenaltyInitialCoef   β at the start (kl-penalty and clip+kl objectives)
 * @param klPenaltyTarget        d_targ of the adaptive β rule
 * @param targetKl               stop an iteration's epochs once approx. KL exceeds 1.5 × this; 0 disables
 * @param valueClipRange         ε_v of the clipped value loss; 0 disables value clipping
 * @param entropyCoef            c₂, weight of the entropy bonus
 * @param valueCoef              c₁, weight of the value loss
 * @param maxGradNorm            global L2 norm the gradient is clipped to; 0 disables clipping
 * @param learningRate           Adam step size at the start
 * @param annealLearningRate     anneal the step size linearly to 0 over the run
 * @param advantageNormalization over which samples advantages are normalized
 * @param sync                   parameter averaging (default) or exact gradient synchronization
 */
public record TrainingSettings(int numEpochs, int minibatchSize, int averagingFrequency,
                               double gamma, double gaeLambda, PolicyObjective objective, double clipRange,
                               boolean annealClipRange, double klPenaltyInitialCoef, double klPenaltyTarget,
                               double targetKl, double valueClipRange, double entropyCoef, double valueCoef,
                               double maxGradNorm, double learningRate, boolean annealLearningRate,
                               AdvantageScope advantageNormalization, SyncMode sync) {
}
