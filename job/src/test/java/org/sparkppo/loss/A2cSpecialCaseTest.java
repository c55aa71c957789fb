package org.sparkppo.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkppo.config.PpoConfig;
import org.sparkppo.config.PpoConfigLoader;
import org.sparkppo.env.Discrete;
import org.sparkppo.env.EnvRegistry;
import org.sparkppo.model.ActorCriticNetwork;
import org.sparkppo.stage.RolloutFixture;
import org.sparkppo.stage.TrainingSamples;

/**
 * A2C is a special case of PPO (seed 000): with the shipped preset {@code conf/ppo/a2c.conf} the one
 * gradient step of an iteration is the gradient of the plain advantage actor-critic loss
 * {@code mean(−log π(a|s)·(R − V_old(s)) − c_ent·H[π(·|s)] + c_v·½(V(s) − R)²)}, with R the
 * bootstrapped n-step return. The A2C loss is computed here independently (its own log-softmax on
 * the network's logits, no PPO code) and differentiated by central finite differences over every
 * network parameter.
 */
@ExtendWith(DoublePrecisionDefaults.class)
class A2cSpecialCaseTest {
    private static final String REPO = System.getProperty("spark.ppo.repoRoot", "..");
    private static final double STEP = 1e-6;
    @Test
    void presetUpdateIsThePlainAdvantageActorCriticGradient() {
        PpoConfig config = new PpoConfigLoader(EnvRegistry.load()).load(
                List.of(new File(REPO + "/conf/ppo/cartpole.conf"), new File(REPO + "/conf/ppo/a2c.conf")),
                List.of("model.hiddenSizes=[8, 8]", "training.entropyCoef=0.01", "rollout.envsPerPartition=4",
                        "rollout.numSteps=16"));
        assertEquals(1, config.training().numEpochs());
        assertEquals(64, config.training().minibatchSize(), "one minibatch: the whole partition");
        assertEquals(1.0, config.training().gaeLambda());
        ComputationGraph net = ActorCriticNetwork.create(config, 4, new Discrete(2));
        TrainingSamples samples = RolloutFixture.rollout(config, net, 0).samples();
        assertEquals(samples.count(), config.training().minibatchSize(), "one minibatch per epoch");

        MultiDataSet batch = RolloutFixture.wholeBatch(samples, config.training().clipRange(),
                config.training().klPenaltyInitialCoef());
        net.setInputs(batch.getFeatures());
        net.setLabels(batch.getLabels());
        net.computeGradientAndScore();
        double[] ppoGradient = net.gradient().gradient().dup().toDoubleVector();

        INDArray obs = batch.getFeatures(0);
        double[] rows = batch.getLabels(0).dup('c').data().asDouble();
        int width = (int) batch.getLabels(0).size(1);
        double[] targets = batch.getLabels(1).dup('c').data().asDouble();
        int n = (int) obs.size(0);
        int[] actions = new int[n];
        double[] returns = new double[n];
        double[] advantages = new double[n];
        for (int i = 0; i < n; i++) {
            actions[i] = (int) rows[i * width];
            returns[i] = targets[i * 2];
            advantages[i] = targets[i * 2] - targets[i * 2 + 1];
        }
        double[] params = net.params().dup().toDoubleVector();
        int checked = 0;
        for (int p = 0; p < params.length; p++) {
            double numeric = (a2cLoss(net, params, p, STEP, obs, actions, advantages, returns, config)
                    - a2cLoss(net, params, p, -STEP, obs, actions, advantages, returns, config)) / (2 * STEP);
            // DL4J's gradient is of the summed loss; its updater divides by the minibatch size (miniBatch = true).
            assertEquals(numeric, ppoGradient[p] / n, 1e-8 + 1e-5 * Math.abs(numeric), "parameter " + p);
            checked++;
        }
        assertTrue(checked > 200, "checked " + checked + " parameters");
    }

    /** The A2C loss with parameter {@code p} moved by {@code delta}. */
    private static double a2cLoss(ComputationGraph net, double[] params, int p, double delta, INDArray obs,
                                  int[] actions, double[] advantages, double[] returns, PpoConfig config) {
        double[] moved = params.clone();
        moved[p] += delta;
        net.setParams(Nd4j.create(moved, new long[] {1, moved.length}, DataType.DOUBLE));
        INDArray[] out = net.output(false, obs);
        double loss = 0;
        for (int i = 0; i < actions.length; i++) {
            double z0 = out[0].getDouble(i, 0);
            double z1 = out[0].getDouble(i, 1);
            double logSum = Math.log(Math.exp(z0) + Math.exp(z1));
            double[] logProbs = {z0 - logSum, z1 - logSum};
            double entropy = -Math.exp(logProbs[0]) * logProbs[0] - Math.exp(logProbs[1]) * logProbs[1];
            double error = out[1].getDouble(i, 0) - returns[i];
            loss += -logProbs[actions[i]] * advantages[i] - config.training().entropyCoef() * entropy
                    + config.training().valueCoef() * 0.5 * error * error;
        }
        net.setParams(Nd4j.create(params, new long[] {1, params.length}, DataType.DOUBLE));
        return loss / actions.length;
    }
}
