package org.sparkppo.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sparkppo.config.PpoConfig;
import org.sparkppo.config.TestConfigs;
import org.sparkppo.env.EnvRegistry;
import org.sparkppo.env.EnvSpec;
import org.sparkppo.model.ActorCriticGradient;
import org.sparkppo.model.ActorCriticNetwork;
import org.sparkppo.model.Minibatch;
import org.sparkppo.policy.ActionDistribution;
import org.sparkppo.policy.ActionDistributions;
import org.sparkppo.seed.SeedDerivation;

/**
 * The first minibatch of the first epoch sees a probability ratio of exactly 1: the training's
 * forward pass (the one {@code ActorCriticGradient} back-propagates) recomputes the log-probabilities
 * the rollout stored, bit for bit, for every sample, whatever the rollout's and the minibatch's batch
 * sizes, for categorical, Gaussian and multi-categorical policies, with and without action masks
 * (GridMaze-v0, GridReach-v0: the loss masks the logits with the stored flags), with and without
 * observation normalization. (Before
 * training left DL4J, whose tanh and summation order differ in the last bit, it was 1 within 4.5e-16.)
 */
class FirstMinibatchRatioTest {

    @ParameterizedTest(name = "{0}, {1} envs per partition, minibatch {2}, normalize observations {3}")
    @CsvSource({"CartPole-v1, 1, 16, false", "CartPole-v1, 4, 64, true", "CartPole-v1, 8, 256, false",
            "Pendulum-v1, 1, 16, true", "Pendulum-v1, 4, 64, false", "MountainCarContinuous-v0, 8, 256, true",
            "GridMaze-v0, 4, 64, false", "GridMaze-v0, 8, 256, true", "GridReach-v0, 4, 64, false",
            "GridReach-v0, 8, 256, true"})
    void trainingNetworkRecomputesTheRolloutLogProbabilitiesExactly(String envId, int envs, int minibatch,
                                                                    boolean normalize) {
        PpoConfig config = TestConfigs.load(List.of("env.id=" + envId, "rollout.envsPerPartition=" + envs,
                "rollout.numSteps=64", "training.minibatchSize=" + minibatch, "normalize.observations=" + normalize,
                "normalize.rewards=" + normalize));
        EnvSpec spec = EnvRegistry.load().spec(envId);
        ComputationGraph net = ActorCriticNetwork.create(config, spec.observationSpace().flatDim(), spec.actionSpace());
        TrainingSamples samples = RolloutFixture.rollout(config, net, 1).samples();
        int[] order = MinibatchOrder.shuffled(samples.count(), SeedDerivation.stream(config.run().seed(),
                SeedDerivation.Purpose.MINIBATCH_SHUFFLE, 1, 1, 1));
        Minibatch first = new PackedSamples(samples, 0.2, 0.0, minibatch).gather(order, 0);
        ActorCriticGradient training = ActorCriticGradient.of(net, minibatch);
        training.compute(first, new double[(int) net.numParams()]);
        double[] params = training.distributionParams();
        double[] labels = first.policyLabels();
        ActionDistribution dist = ActionDistributions.forSpace(spec.actionSpace());
        TrainingDataLayout.PolicyColumns columns = TrainingDataLayout.policyColumns(dist, samples.actionMasks() != null);
        float[] action = new float[dist.actionWidth()];
        for (int i = 0; i < minibatch; i++) {
            for (int j = 0; j < action.length; j++) {
                action[j] = (float) labels[i * columns.width() + j];
            }
            samples.maskParams(params, i * dist.paramWidth(), order[i]);
            double logProb = dist.logProb(params, i * dist.paramWidth(), action, 0);
            double ratio = Math.exp(logProb - labels[i * columns.width() + columns.oldLogProb()]);
            assertEquals(1.0, ratio, 0.0, "ratio of sample " + i);
        }
        assertEquals(minibatch, first.rows());
    }

    /**
     * A recurrent policy: the first minibatch is whole sequences, each started from the state the
     * rollout stored and reset where an episode started inside it, so its ratios are exactly 1 too;
     * also with action masks (GridMaze-v0) and a multi-categorical policy (GridReach-v0).
     */
    @ParameterizedTest(name = "{0}, sequence length {1}, minibatch {2}")
    @CsvSource({"CartPoleNoVel-v1, 0, 128", "CartPoleNoVel-v1, 8, 64", "PendulumNoVel-v1, 16, 32",
            "GridMaze-v0, 16, 64", "GridReach-v0, 0, 64"})
    void recurrentTrainingRecomputesTheRolloutLogProbabilitiesExactly(String envId, int sequenceLength,
                                                                     int minibatch) {
        PpoConfig config = TestConfigs.load(List.of("env.id=" + envId, "rollout.envsPerPartition=4",
                "rollout.numSteps=64", "training.minibatchSize=" + minibatch, "model.recurrent=true",
                "model.lstmHiddenSize=16", "model.sequenceLength=" + sequenceLength, "normalize.observations=true"));
        EnvSpec spec = EnvRegistry.load().spec(envId);
        ComputationGraph net = ActorCriticNetwork.create(config, spec.observationSpace().flatDim(), spec.actionSpace());
        TrainingSamples samples = RolloutFixture.rollout(config, net, 1).samples();
        int[] order = MinibatchOrder.sequences(samples.recurrent(), SeedDerivation.stream(config.run().seed(),
                SeedDerivation.Purpose.MINIBATCH_SHUFFLE, 1, 1, 1));
        Minibatch first = new PackedSamples(samples, 0.2, 0.0, minibatch).gather(order, 0);
        ActorCriticGradient training = ActorCriticGradient.of(net, minibatch);
        training.compute(first, new double[(int) net.numParams()]);
        ActionDistribution dist = ActionDistributions.forSpace(spec.actionSpace());
        double[] params = training.distributionParams();
        for (int r = 0; r < minibatch; r++) {
            int k = order[r];
            samples.maskParams(params, r * dist.paramWidth(), k);
            double ratio = Math.exp(dist.logProb(params, r * dist.paramWidth(), samples.actions(),
                    k * dist.actionWidth()) - samples.logProbs()[k]);
            assertEquals(1.0, ratio, 0.0, "ratio of row " + r);
        }
    }
}
