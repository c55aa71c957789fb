package org.sparkppo.eval;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sparkppo.config.PpoConfig;
import org.sparkppo.config.TestConfigs;
import org.sparkppo.env.ActionMaskShape;
import org.sparkppo.env.EnvFamily;
import org.sparkppo.env.EnvRegistry;
import org.sparkppo.model.ActorCriticNetwork;
import org.sparkppo.normalize.ObservationNormalizer;

/**
 * Deterministic evaluation of a masking environment never picks an invalid action, even where the
 * network's most probable action is invalid: the policy head's biases are set so that the invalid
 * moves have the largest logits everywhere, and every action played is checked against the mask of
 * the observation it was chosen for.
 */
class MaskedEvaluationTest {

    @ParameterizedTest
    @ValueSource(strings = {"GridMaze-v0", "GridReach-v0"})
    void theArgmaxIsOverTheValidActionsOnly(String envId) {
        PpoConfig config = TestConfigs.load(List.of("env.id=" + envId));
        EnvFamily family = EnvRegistry.load().family(envId);
        ComputationGraph net = ActorCriticNetwork.create(config, family.spec().observationSpace().flatDim(),
                family.spec().actionSpace());
        int width = ActionMaskShape.of(family.spec().actionSpace()).width();
        double[] bias = new double[width];
        for (int j = 0; j < width; j++) {
            // GridMaze: left and up-right (0, 6) first, invalid at the start; GridReach: each component's lowest.
            bias[j] = 10.0 * (width - j % 3 - (j == 3 ? 3 : 0));
        }
        net.setParam(ActorCriticNetwork.POLICY_OUTPUT + "_b", org.nd4j.linalg.factory.Nd4j.create(bias, 1, width));
        NetworkPolicy network = new NetworkPolicy(net, ObservationNormalizer.identity(), family.spec().actionSpace());
        int[] sizes = ActionMaskShape.of(family.spec().actionSpace()).componentSizes();
        int[] checked = new int[1];
        DeterministicPolicy checking = (observations, masks, count, actions) -> {
            network.act(observations, masks, count, actions);
            for (int i = 0; i < count; i++) {
                int offset = 0;
                for (int c = 0; c < sizes.length; c++) {
                    int action = (int) actions[i * sizes.length + c];
                    assertTrue(masks[i * width + offset + action], envId + ": evaluation chose invalid action " + action);
                    offset += sizes[c];
                    checked[0]++;
                }
            }
        };
        DeterministicEvaluation.run(checking, family, 4, 7, 0, EvaluationObserver.NONE);
        assertTrue(checked[0] >= 4, "actions checked: " + checked[0]);
    }
}
