package org.sparkppo.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sparkppo.config.PpoConfig;
import org.sparkppo.config.TestConfigs;
import org.sparkppo.env.ActionMaskShape;
import org.sparkppo.env.EnvRegistry;
import org.sparkppo.env.EnvSpec;
import org.sparkppo.model.ActorCriticNetwork;
import org.sparkppo.policy.ActionMask;

/**
 * A real rollout of a masking environment under a fresh policy (close to uniform over the valid
 * actions): every stored action is valid under the mask stored beside it, and the stored old
 * distribution has exactly {@link ActionMask#MASKED_LOGIT} at the invalid actions and the network's
 * logits elsewhere. (The grid worlds refuse an invalid action with an exception, so the rollout
 * finishing is itself a check.)
 */
class MaskedRolloutTest {

    @ParameterizedTest
    @ValueSource(strings = {"GridMaze-v0", "GridReach-v0"})
    void noInvalidActionIsTakenAndTheMasksTravelWithTheSamples(String envId) {
        PpoConfig config = TestConfigs.load(List.of("env.id=" + envId, "rollout.envsPerPartition=8",
                "rollout.numSteps=256", "training.minibatchSize=64"));
        EnvSpec spec = EnvRegistry.load().spec(envId);
        ComputationGraph net = ActorCriticNetwork.create(config, spec.observationSpace().flatDim(), spec.actionSpace());
        TrainingSamples samples = RolloutFixture.rollout(config, net, 0).samples();
        boolean[] masks = samples.actionMasks();
        assertNotNull(masks, "samples of a masking environment carry masks");
        int[] sizes = ActionMaskShape.of(spec.actionSpace()).componentSizes();
        int pw = samples.distribution().paramWidth();
        int aw = samples.distribution().actionWidth();
        int invalidSeen = 0;
        for (int k = 0; k < samples.count(); k++) {
            int offset = 0;
            for (int c = 0; c < sizes.length; c++) {
                int action = (int) samples.actions()[k * aw + c];
                assertTrue(masks[k * pw + offset + action], envId + " sample " + k + " took invalid action " + action
                        + " of component " + c);
                offset += sizes[c];
            }
            for (int j = 0; j < pw; j++) {
                double old = samples.distributionParams()[k * pw + j];
                if (masks[k * pw + j]) {
                    assertTrue(old > ActionMask.MASKED_LOGIT / 2, envId + " sample " + k + " logit " + j);
                } else {
                    assertEquals(ActionMask.MASKED_LOGIT, old, 0.0, envId + " sample " + k + " logit " + j);
                    invalidSeen++;
                }
            }
        }
        assertTrue(invalidSeen > samples.count() / 4, envId + ": only " + invalidSeen + " invalid actions in "
                + samples.count() + " samples; the test would not notice masks being ignored");
    }
}
