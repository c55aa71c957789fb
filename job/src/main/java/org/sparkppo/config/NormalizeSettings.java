package org.sparkppo.config;

/**
 * Input and reward normalization (SB3's {@code VecNormalize}; see docs/configuration.md).
 *
 * @param observations     normalize observations by their running mean and variance
 * @param rewards          scale rewards by the running standard deviation of the discounted return
 * @param clipObservations normalized observations are clipped to ±this
 * @param clipRewards      scaled rewards are clipped to ±this
 */
public record NormalizeSettings(boolean observations, boolean rewards, double clipObservations, double clipRewards) {
}
