package org.sparkppo.model;

import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.provider.Arguments;
import org.sparkppo.config.PpoConfig;
import org.sparkppo.config.TestConfigs;
import org.sparkppo.env.EnvRegistry;
import org.sparkppo.env.EnvSpec;

/** The project's actor-critic networks for tests: Discrete and Box action spaces, separate and shared trunk. */
final class TestNetworks {

    private TestNetworks() {
    }

    /** Arguments {@code (envId, sharedTrunk)}: CartPole (Discrete) and Pendulum (Box), each trunk option. */
    static Stream<Arguments> variants() {
        return Stream.of(Arguments.of("CartPole-v1", false), Arguments.of("CartPole-v1", true),
                Arguments.of("Pendulum-v1", false), Arguments.of("Pendulum-v1", true));
    }

    /** A freshly initialized network of the default configuration for {@code envId}. */
    static ComputationGraph create(String envId, boolean sharedTrunk) {
        PpoConfig config = TestConfigs.load(List.of("env.id=" + envId, "model.sharedTrunk=" + sharedTrunk));
        EnvSpec spec = EnvRegistry.load().spec(envId);
        return ActorCriticNetwork.create(config, spec.observationSpace().flatDim(), spec.actionSpace());
    }
}
