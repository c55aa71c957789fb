package org.sparkppo.stage;

import java.time.Duration;
import org.sparkppo.config.AdvantageScope;
import org.sparkppo.config.PpoConfig;
import org.sparkppo.env.EnvFamily;
import org.sparkppo.env.EnvRegistry;
import org.sparkppo.env.EnvironmentFailure;
import org.sparkppo.env.VectorEnv;
import org.sparkppo.gae.GeneralizedAdvantageEstimation;
import org.sparkppo.loss.AdvantageNormalization;
import org.sparkppo.model.ActorCriticForward;
import org.sparkppo.model.RecurrentState;
import org.sparkppo.normalize.NormalizationStats;
import org.sparkppo.normalize.ObservationNormalizer;
import org.sparkppo.normalize.RewardScaler;
import org.sparkppo.normalize.RunningMeanStd;
import org.sparkppo.partition.PartitionState;
import org.sparkppo.policy.ActionDistribution;
import org.sparkppo.policy.ActionDistributions;
import org.sparkppo.rollout.FinishedEpisodes;
import org.sparkppo.rollout.RolloutBuffer;
import org.sparkppo.rollout.RolloutCollector;
import org.sparkppo.seed.SeedDerivation;

/**
 * Partition-local: the rollout half of an iteration's task. Restores the partition's vector env, runs
 * {@code numSteps} steps under the iteration's policy (observations normalized with the iteration's
 * frozen statistics), scales the rewards when the run does, computes GAE over the T×N block,
 * normalizes the advantages when their scope is the partition, and returns the training samples with
 * the new partition state (with a recurrent policy's state of every environment) and this
 * partition's batch statistics. A pure function of (parameters,
 * frozen statistics, partition state, seed, iteration), so a task Spark reruns produces the same result.
 */
public final class PartitionRollout {
    private static final double ADVANTAGE_EPS = 1e-8;

    private final Settings settings;
    private final int iteration;

    /** What a partition's rollout needs besides the parameters. (A class, not a record: Kryo 4 cannot serialize records.) */
    public static final class Settings implements java.io.Serializable {
        private static final long serialVersionUID = 1L;

        private final String envId;
        private final double stepTimeout;
        private final int numSteps;
        private final double gamma;
        private final double gaeLambda;
        private final long seed;
        private final ObservationNormalizer observations;
        private final RewardScaler rewards;
        private final boolean normalizeAdvantagesPerPartition;
        private final int sequenceLength;

        /**
         * @param stepTimeout                     seconds a step of an object-API environment may take, 0 for no limit
         * @param normalizeAdvantagesPerPartition normalize advantages over this partition's samples
         * @param sequenceLength                  steps per training sequence of a recurrent policy
         */
        public Settings(String envId, double stepTimeout, int numSteps, double gamma, double gaeLambda, long seed,
                        ObservationNormalizer observations, RewardScaler rewards,
                        boolean normalizeAdvantagesPerPartition, int sequenceLength) {
            this.envId = envId;
            this.stepTimeout = stepTimeout;
            this.numSteps = numSteps;
            this.gamma = gamma;
            this.gaeLambda = gaeLambda;
            this.seed = seed;
            this.observations = observations;
            this.rewards = rewards;
            this.normalizeAdvantagesPerPartition = normalizeAdvantagesPerPartition;
            this.sequenceLength = sequenceLength;
        }

        /** A run's rollout settings for an iteration whose frozen statistics are {@code normalization}. */
        public static Settings of(PpoConfig config, NormalizationStats normalization) {
            return new Settings(config.envId(), config.envStepTimeout(), config.rollout().numSteps(), config.training().gamma(),
                    config.training().gaeLambda(), config.run().seed(),
                    normalization.observationNormalizer(config.normalize()),
                    normalization.rewardScaler(config.normalize()),
                    config.training().advantageNormalization() == AdvantageScope.PARTITION,
                    config.model().sequenceLength(config.rollout().numSteps()));
        }

        String envId() {
            return envId;
        }

        double stepTimeout() {
            return stepTimeout;
        }

        int numSteps() {
            return numSteps;
        }

        double gamma() {
            return gamma;
        }

        double gaeLambda() {
            return gaeLambda;
        }

        long seed() {
            return seed;
        }

        ObservationNormalizer observations() {
            return observations;
        }

        RewardScaler rewards() {
            return rewards;
        }

        boolean normalizeAdvantagesPerPartition() {
            return normalizeAdvantagesPerPartition;
        }

        int sequenceLength() {
            return sequenceLength;
        }
    }

    public PartitionRollout(Settings settings, int iteration) {
        this.settings = settings;
        this.iteration = iteration;
    }

    /**
     * One partition's rollout under the parameters {@code forward} holds.
     *
     * @throws EnvironmentFailure when a user environment breaks its contract, its message led by the
     *                            iteration and partition
     */
    public RolloutOutcome run(ActorCriticForward forward, PartitionState state) {
        try {
            return rollout(forward, state);
        } catch (EnvironmentFailure e) {
            throw e.at("iteration " + iteration + ", partition " + state.partition());
        }
    }

    private RolloutOutcome rollout(ActorCriticForward forward, PartitionState state) {
        EnvFamily family = EnvRegistry.load().family(settings.envId());
        VectorEnv env = state.restoreEnv(family);
        if (settings.stepTimeout() > 0) {
            env.limitStepTime(Duration.ofNanos((long) (settings.stepTimeout() * 1e9)), "env.stepTimeout");
        }
        ActionDistribution distribution = ActionDistributions.forSpace(family.spec().actionSpace());
        RolloutBuffer buffer = new RolloutBuffer(settings.numSteps(), env.numEnvs(), env.observationDim(),
                env.actionDim(), env.actionMaskShape() == null ? 0 : env.actionMaskShape().width());
        RecurrentState recurrentState = forward.graph().recurrent()
                ? RecurrentState.of(state.recurrentState(), env.numEnvs(), forward.graph().stateWidth()) : null;
        ForwardPolicy policy = new ForwardPolicy(forward, distribution, settings.observations(),
                SeedDerivation.stream(settings.seed(), SeedDerivation.Purpose.ACTION_SAMPLING, iteration,
                        state.partition()), settings.numSteps(), env.numEnvs(), recurrentState,
                settings.sequenceLength());
        FinishedEpisodes episodes = RolloutCollector.collect(env, policy, buffer);
        RunningMeanStd observationStats = settings.observations().enabled()
                ? RunningMeanStd.ofBatch(rawObservations(buffer), buffer.numSteps() * buffer.numEnvs(),
                        buffer.observationDim())
                : null;
        double[] discountedReturns = state.discountedReturns();
        RunningMeanStd returnStats = null;
        if (settings.rewards().enabled()) {
            if (discountedReturns.length == 0) {
                discountedReturns = new double[env.numEnvs()];
            }
            returnStats = scaleRewards(buffer, discountedReturns);
        }
        normalizeObservations(buffer);
        GeneralizedAdvantageEstimation.compute(buffer, settings.gamma(), settings.gaeLambda());
        TrainingSamples samples = TrainingSamples.from(buffer, state.partition(), distribution, policy.actedParams(),
                policy.recurrentSamples());
        if (settings.normalizeAdvantagesPerPartition()) {
            AdvantageNormalization.normalizeInPlace(samples.advantages(), ADVANTAGE_EPS);
        }
        ExplainedVariance ev = new ExplainedVariance();
        for (int k = 0; k < samples.count(); k++) {
            ev.add(samples.returns()[k], samples.values()[k]);
        }
        PartitionState next = PartitionState.of(state.partition(), env, discountedReturns,
                recurrentState == null ? new double[0] : recurrentState.values());
        return new RolloutOutcome(samples, next, episodes, ev, observationStats, returnStats);
    }

    /**
     * A partition's rollout: the samples to train on, and what the driver collects of it.
     *
     * @param observationStats this rollout's raw-observation statistics, null when not normalized
     * @param returnStats      this rollout's discounted-return statistics, null when rewards are not scaled
     */
    public record RolloutOutcome(TrainingSamples samples, PartitionState nextState, FinishedEpisodes episodes,
                                 ExplainedVariance explainedVariance, RunningMeanStd observationStats,
                                 RunningMeanStd returnStats) {
    }

    private static float[] rawObservations(RolloutBuffer buffer) {
        int rowWidth = buffer.numEnvs() * buffer.observationDim();
        float[] all = new float[buffer.numSteps() * rowWidth];
        for (int t = 0; t < buffer.numSteps(); t++) {
            System.arraycopy(buffer.observations()[t], 0, all, t * rowWidth, rowWidth);
        }
        return all;
    }

    /** Replaces the buffer's raw observations by what the policy saw. */
    private void normalizeObservations(RolloutBuffer buffer) {
        if (!settings.observations().enabled()) {
            return;
        }
        for (int t = 0; t < buffer.numSteps(); t++) {
            float[] row = buffer.observations()[t];
            System.arraycopy(settings.observations().apply(row, buffer.numEnvs()), 0, row, 0, row.length);
        }
    }

    /**
     * {@code R ← γ R + r} per environment (0 again after its episode ends), the statistics of the R
     * values of this rollout, and the buffer's rewards scaled in place.
     */
    private RunningMeanStd scaleRewards(RolloutBuffer buffer, double[] discountedReturns) {
        int n = buffer.numEnvs();
        double[] visited = new double[buffer.numSteps() * n];
        for (int t = 0; t < buffer.numSteps(); t++) {
            double[] rewards = buffer.rewards()[t];
            for (int i = 0; i < n; i++) {
                discountedReturns[i] = settings.gamma() * discountedReturns[i] + rewards[i];
                visited[t * n + i] = discountedReturns[i];
                rewards[i] = settings.rewards().scale(rewards[i]);
                if (buffer.terminated()[t][i] || buffer.truncated()[t][i]) {
                    discountedReturns[i] = 0;
                }
            }
        }
        return RunningMeanStd.ofScalars(visited);
    }
}
