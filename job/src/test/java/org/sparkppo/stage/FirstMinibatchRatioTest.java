package org.sparkppo.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.sparkppo.config.PpoConfig;
import org.sparkppo.config.TestConfigs;
import org.sparkppo.env.EnvRegistry;
import org.sparkppo.env.EnvSpec;
import org.sparkppo.loss.FlatArrays;
import org.sparkppo.model.ActorCriticNetwork;
import org.sparkppo.policy.ActionDistribution;
import org.sparkppo.policy.ActionDistributions;
import org.sparkppo.seed.SeedDerivation;

/**
 * The first minibatch of the first epoch sees a probability ratio of 1 within {@value #TOLERANCE}:
 * the training network, in the forward pass DL4J's back-propagation uses, recomputes the
 * log-probabilities the rollout stored, for every sample, whatever the rollout's and the minibatch's
 * batch sizes, for categorical and Gaussian policies, with and without observation normalization.
 * Not bit for bit: the rollout's forward pass is plain Java ({@code ActorCriticForward}), whose tanh
 * and summation order differ from ND4J's in the last bit (measured: |r − 1| ≤ 4.5e-16 here).
 */
class FirstMinibatchRatioTest {
    static final double TOLERANCE = 1e-12;

    @ParameterizedTest(name = "{0}, {1} envs per partition, minibatch {2}, normalize observations {3}")
    @CsvSource({"CartPole-v1, 1, 16, false", "CartPole-v1, 4, 64, true", "CartPole-v1, 8, 256, false",
            "Pendulum-v1, 1, 16, true", "Pendulum-v1, 4, 64, false", "MountainCarContinuous-v0, 8, 256, true"})
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
        MultiDataSet first = new PackedSamples(samples, 0.2, 0.0, minibatch).minibatch(order, 0);

        INDArray policyOutput = net.feedForward(first.getFeatures(), true, false).get(ActorCriticNetwork.POLICY_OUTPUT);
        double[] params = FlatArrays.rowMajor(policyOutput);
        double[] labels = FlatArrays.rowMajor(first.getLabels(0));
        ActionDistribution dist = ActionDistributions.forSpace(spec.actionSpace());
        TrainingDataLayout.PolicyColumns columns = TrainingDataLayout.policyColumns(dist);
        float[] action = new float[dist.actionWidth()];
        for (int i = 0; i < minibatch; i++) {
            for (int j = 0; j < action.length; j++) {
                action[j] = (float) labels[i * columns.width() + j];
            }
            double logProb = dist.logProb(params, i * dist.paramWidth(), action, 0);
            double ratio = Math.exp(logProb - labels[i * columns.width() + columns.oldLogProb()]);
            assertEquals(1.0, ratio, TOLERANCE, "ratio of sample " + i);
        }
        assertEquals(minibatch, first.getFeatures(0).rows());
    }
}
