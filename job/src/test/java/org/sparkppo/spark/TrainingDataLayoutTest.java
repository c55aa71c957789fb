package org.sparkppo.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.sparkppo.config.PpoConfig;
import org.sparkppo.config.TestConfigs;
import org.sparkppo.model.ActorCriticNetwork;

/** Minibatch packing puts each sample's fields in the documented columns, rows in the given order. */
class TrainingDataLayoutTest {

    @Test
    void packsObservationsActionsAdvantagesReturnsAndOldEstimatesRowByRow() {
        PpoConfig config = TestConfigs.load(List.of("rollout.envsPerPartition=3", "rollout.numSteps=10",
                "training.minibatchSize=10"));
        TrainingSamples s = RolloutFixture.rollout(config,
                PolicyParameters.of(ActorCriticNetwork.create(config, 4, 2)), 0).samples();
        int[] order = {29, 0, 7, 13};
        MultiDataSet batch = TrainingDataLayout.minibatch(s, order, 1, 4);

        double[][] obs = batch.getFeatures(0).toDoubleMatrix();
        double[][] policy = batch.getLabels(0).toDoubleMatrix();
        double[][] value = batch.getLabels(1).toDoubleMatrix();
        assertEquals(3, obs.length);
        for (int r = 0; r < 3; r++) {
            int k = order[r + 1];
            double[] expectedObs = new double[4];
            for (int j = 0; j < 4; j++) {
                expectedObs[j] = s.observations()[k * 4 + j];
            }
            assertArrayEquals(expectedObs, obs[r], 0.0);
            double[] oneHot = {s.actions()[k] == 0 ? 1 : 0, s.actions()[k] == 1 ? 1 : 0};
            assertArrayEquals(oneHot, new double[] {policy[r][0], policy[r][1]}, 0.0);
            assertEquals(s.advantages()[k], policy[r][2 + TrainingDataLayout.ADVANTAGE_OFFSET], 0.0);
            assertEquals(s.logProbs()[k], policy[r][2 + TrainingDataLayout.OLD_LOG_PROB_OFFSET], 0.0);
            assertEquals(s.returns()[k], value[r][TrainingDataLayout.RETURN_COLUMN], 0.0);
            assertEquals(s.values()[k], value[r][TrainingDataLayout.OLD_VALUE_COLUMN], 0.0);
        }
    }
}
