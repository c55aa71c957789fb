package org.sparkppo.stage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.sparkppo.config.PpoConfig;
import org.sparkppo.config.TestConfigs;
import org.sparkppo.env.EnvRegistry;
import org.sparkppo.env.EnvSpec;
import org.sparkppo.model.ActorCriticNetwork;
import org.sparkppo.policy.ActionDistribution;

/** Minibatch packing puts each sample's fields in the documented columns, rows in the given order. */
class PackedSamplesTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"CartPole-v1", "Pendulum-v1"})
    void packsEverySampleFieldInItsColumnRowByRow(String envId) {
        PpoConfig config = TestConfigs.load(List.of("env.id=" + envId, "rollout.envsPerPartition=3",
                "rollout.numSteps=10", "training.minibatchSize=10"));
        EnvSpec spec = EnvRegistry.load().spec(envId);
        int d = spec.observationSpace().flatDim();
        TrainingSamples s = RolloutFixture.rollout(config, ActorCriticNetwork.create(config, d,
                spec.actionSpace()), 0).samples();
        ActionDistribution dist = s.distribution();
        TrainingDataLayout.PolicyColumns c = TrainingDataLayout.policyColumns(dist);
        int aw = dist.actionWidth();
        int pw = dist.paramWidth();
        int[] order = {29, 0, 7, 13, 5, 2};
        MultiDataSet batch = new PackedSamples(s, 0.15, 0.7, 3).minibatch(order, 1);

        double[][] obs = batch.getFeatures(0).toDoubleMatrix();
        double[][] policy = batch.getLabels(0).toDoubleMatrix();
        double[][] value = batch.getLabels(1).toDoubleMatrix();
        assertEquals(3, obs.length);
        assertEquals(aw + 4 + pw, policy[0].length);
        for (int r = 0; r < 3; r++) {
            int k = order[r + 3];
            double[] expectedObs = new double[d];
            for (int j = 0; j < d; j++) {
                expectedObs[j] = s.observations()[k * d + j];
            }
            assertArrayEquals(expectedObs, obs[r], 0.0);
            for (int j = 0; j < aw; j++) {
                assertEquals(s.actions()[k * aw + j], policy[r][j], 0.0);
            }
            assertEquals(s.advantages()[k], policy[r][c.advantage()], 0.0);
            assertEquals(s.logProbs()[k], policy[r][c.oldLogProb()], 0.0);
            assertEquals(0.15, policy[r][c.clipRange()], 0.0);
            assertEquals(0.7, policy[r][c.klCoef()], 0.0);
            assertArrayEquals(Arrays.copyOfRange(s.distributionParams(), k * pw, (k + 1) * pw),
                    Arrays.copyOfRange(policy[r], c.oldParams(), c.oldParams() + pw), 0.0);
            assertEquals(s.returns()[k], value[r][TrainingDataLayout.RETURN_COLUMN], 0.0);
            assertEquals(s.values()[k], value[r][TrainingDataLayout.OLD_VALUE_COLUMN], 0.0);
        }
    }
}
