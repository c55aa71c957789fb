package org.sparkppo.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Iterator;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.sparkppo.config.PpoConfig;
import org.sparkppo.config.TestConfigs;
import org.sparkppo.loss.Categorical;
import org.sparkppo.model.ActorCriticNetwork;

/**
 * The first minibatch of the first epoch sees a probability ratio of exactly 1: the training
 * network, in the forward pass DL4J's {@code fit} uses, recomputes bit for bit the log-probabilities
 * the rollout stored, for every sample, whatever the rollout's and the minibatch's batch sizes.
 */
class FirstMinibatchRatioTest {

    @ParameterizedTest(name = "{0} envs per partition, minibatch {1}")
    @CsvSource({"1, 16", "4, 64", "8, 256"})
    void trainingNetworkRecomputesTheRolloutLogProbabilitiesExactly(int envs, int minibatch) {
        PpoConfig config = TestConfigs.load(List.of("rollout.envsPerPartition=" + envs, "rollout.numSteps=64",
                "training.minibatchSize=" + minibatch));
        ComputationGraph net = ActorCriticNetwork.create(config, 4, 2);
        TrainingSamples samples = RolloutFixture.rollout(config, PolicyParameters.of(net), 1).samples();
        Iterator<MultiDataSet> epoch = new EpochMinibatches(config.run().seed(), 1, 1, minibatch)
                .call(List.of(samples).iterator());
        MultiDataSet first = epoch.next();

        INDArray logits = net.feedForward(first.getFeatures(), true, false).get(ActorCriticNetwork.POLICY_OUTPUT);
        double[][] policyLabels = first.getLabels(0).toDoubleMatrix();
        double[] logProbs = new double[2];
        int checked = 0;
        for (int i = 0; i < policyLabels.length; i++) {
            Categorical.logSoftmax(logits.getRow(i).toDoubleVector(), logProbs);
            int action = policyLabels[i][0] == 1.0 ? 0 : 1;
            double oldLogProb = policyLabels[i][2 + TrainingDataLayout.OLD_LOG_PROB_OFFSET];
            double ratio = Math.exp(logProbs[action] - oldLogProb);
            assertEquals(1.0, ratio, 0.0, "ratio of sample " + i);
            checked++;
        }
        assertEquals(minibatch, checked);
        assertTrue(checked > 0);
    }
}
