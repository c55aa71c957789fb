package org.sparkppo.model;

import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.provider.Arguments;
import org.sparkppo.config.PpoConfig;
import org.sparkppo.config.TestConfigs;
import org.sparkppo.env.EnvRegistry;
import org.sparkppo.env.Box;
import org.sparkppo.env.Discrete;
import org.sparkppo.env.EnvSpec;
import org.sparkppo.env.Space;
import org.sparkppo.env.VectorEnv;
import org.sparkppo.seed.SplitMix64;

/** The project's actor-critic networks for tests: Discrete and Box action spaces, separate and shared trunk. */
final class TestNetworks {

    private TestNetworks() {
    }

    /**
     * Arguments {@code (envId, sharedTrunk, activation)}: CartPole (Discrete) and Pendulum (Box), each
     * trunk option with tanh hidden layers, and one of each with ReLU.
     */
    static Stream<Arguments> variants() {
        return Stream.of(Arguments.of("CartPole-v1", false, "tanh"), Arguments.of("CartPole-v1", true, "tanh"),
                Arguments.of("Pendulum-v1", false, "tanh"), Arguments.of("Pendulum-v1", true, "tanh"),
                Arguments.of("CartPole-v1", false, "relu"), Arguments.of("Pendulum-v1", true, "relu"));
    }

    /** A freshly initialized network of the default configuration for {@code envId}. */
    static ComputationGraph create(String envId, boolean sharedTrunk) {
        return create(envId, sharedTrunk, "tanh");
    }

    /** A freshly initialized network of the default configuration for {@code envId}, hidden layers {@code activation}. */
    static ComputationGraph create(String envId, boolean sharedTrunk, String activation) {
        PpoConfig config = TestConfigs.load(List.of("env.id=" + envId, "model.sharedTrunk=" + sharedTrunk,
                "model.activation=" + activation));
        EnvSpec spec = EnvRegistry.load().spec(envId);
        return ActorCriticNetwork.create(config, spec.observationSpace().flatDim(), spec.actionSpace());
    }

    /** Observations of {@code count} environments after a few random steps, so episodes are at different stages. */
    static float[] realObservations(String envId, int count) {
        VectorEnv env = EnvRegistry.load().make(envId, count, 11, 0);
        Space space = env.spec().actionSpace();
        SplitMix64 rng = new SplitMix64(13);
        float[] actions = new float[count * env.actionDim()];
        for (int step = 0; step < 40; step++) {
            for (int i = 0; i < actions.length; i++) {
                actions[i] = space instanceof Discrete d ? rng.nextInt(d.n())
                        : (float) rng.uniform(((Box) space).low(i % env.actionDim()), ((Box) space).high(i % env.actionDim()));
            }
            env.step(actions);
        }
        return env.observations().clone();
    }
}
