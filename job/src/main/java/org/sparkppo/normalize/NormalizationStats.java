package org.sparkppo.normalize;

import java.util.List;
import org.sparkppo.config.NormalizeSettings;

/**
 * Driver-only: the run's running statistics of raw observations and of the discounted return,
 * each present only when the run normalizes that quantity. After every rollout the partitions'
 * batch statistics merge in partition order; the merged statistics are frozen into the next
 * iteration's {@link ObservationNormalizer} and {@link RewardScaler}, checkpointed, and saved with
 * the final model for evaluation.
 *
 * @param observations running statistics of raw observations, or null when not normalized
 * @param returns      running statistics of the discounted return, or null when rewards are not scaled
 */
public record NormalizationStats(RunningMeanStd observations, RunningMeanStd returns) {

    /** The statistics a run starts from. */
    public static NormalizationStats initial(NormalizeSettings settings, int observationDim) {
        return new NormalizationStats(settings.observations() ? RunningMeanStd.initial(observationDim) : null,
                settings.rewards() ? RunningMeanStd.initial(1) : null);
    }

    /** These statistics with the partitions' batch statistics merged in, in list order. */
    public NormalizationStats merge(List<RunningMeanStd> observationBatches, List<RunningMeanStd> returnBatches) {
        RunningMeanStd obs = observations == null ? null : observations.copy();
        RunningMeanStd ret = returns == null ? null : returns.copy();
        if (obs != null) {
            observationBatches.forEach(obs::merge);
        }
        if (ret != null) {
            returnBatches.forEach(ret::merge);
        }
        return new NormalizationStats(obs, ret);
    }

    public ObservationNormalizer observationNormalizer(NormalizeSettings settings) {
        return observations == null ? ObservationNormalizer.identity()
                : ObservationNormalizer.of(observations, settings.clipObservations());
    }

    public RewardScaler rewardScaler(NormalizeSettings settings) {
        return returns == null ? RewardScaler.identity() : RewardScaler.of(returns, settings.clipRewards());
    }
}
