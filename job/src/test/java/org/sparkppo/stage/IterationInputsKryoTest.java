package org.sparkppo.stage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sparkppo.config.PpoConfig;
import org.sparkppo.config.TestConfigs;
import org.sparkppo.env.EnvRegistry;
import org.sparkppo.env.EnvSpec;
import org.sparkppo.loss.FlatArrays;
import org.sparkppo.model.ActorCriticForward;
import org.sparkppo.model.ActorCriticGradient;
import org.sparkppo.model.ActorCriticGraph;
import org.sparkppo.model.ActorCriticNetwork;
import org.sparkppo.model.AdamStep;
import org.sparkppo.normalize.NormalizationStats;
import scala.reflect.ClassTag$;

/**
 * An iteration's inputs survive Spark's Kryo serializer as the job configures it (registration
 * required, {@link PpoKryoRegistrator}), and what the executors build from them (the plain-Java forward
 * pass and back-propagation, the Adam step) computes exactly what the driver's originals compute: the
 * executors need no DL4J network.
 */
class IterationInputsKryoTest {

    @ParameterizedTest(name = "{0}, shared trunk {1}")
    @CsvSource({"CartPole-v1, false", "Pendulum-v1, true"})
    void inputsRoundTripThroughKryoAndComputeTheSame(String envId, boolean shared) {
        PpoConfig config = TestConfigs.load(List.of("env.id=" + envId, "model.sharedTrunk=" + shared,
                "rollout.numSteps=16", "rollout.envsPerPartition=2", "training.minibatchSize=32"));
        EnvSpec spec = EnvRegistry.load().spec(envId);
        int d = spec.observationSpace().flatDim();
        ComputationGraph net = ActorCriticNetwork.create(config, d, spec.actionSpace());
        double[] params = FlatArrays.rowMajor(net.params());
        IterationInputs sent = new IterationInputs(3, 0, ActorCriticGraph.of(net), AdamStep.of(net), params,
                FlatArrays.rowMajor(net.getUpdater().getStateViewArray()), 5, 1e-3, 0.2, 0.5,
                PartitionRollout.Settings.of(config, NormalizationStats.initial(config.normalize(), d)),
                UpdateSettings.of(config), null);
        SerializerInstance kryo = new KryoSerializer(new SparkConf()
                .set("spark.kryo.registrator", PpoKryoRegistrator.class.getName())
                .set("spark.kryo.registrationRequired", "true")).newInstance();
        ByteBuffer bytes = kryo.serialize(sent, ClassTag$.MODULE$.apply(IterationInputs.class));
        IterationInputs received = kryo.deserialize(bytes, ClassTag$.MODULE$.apply(IterationInputs.class));

        assertEquals(3, received.iteration());
        assertArrayEquals(params, received.parameters(), 0.0);
        TrainingSamples samples = RolloutFixture.rollout(config, net, 0).samples();
        PackedSamples packed = new PackedSamples(samples, 0.2, 0.5, 32);
        int[] order = TrainingDataLayout.inOrder(samples.count());
        double[][] gradients = new double[2][params.length];
        double[][] stepped = new double[2][];
        double[] losses = new double[2];
        IterationInputs[] both = {sent, received};
        for (int i = 0; i < 2; i++) {
            ActorCriticGradient gradient = ActorCriticGradient.of(both[i].architecture(), 32);
            gradient.load(params);
            losses[i] = gradient.compute(packed.gather(order, 0), gradients[i]);
            stepped[i] = params.clone();
            both[i].adam().apply(stepped[i], both[i].adamState().clone(), gradients[i], 32, 1e-3, 5);
        }
        assertArrayEquals(gradients[0], gradients[1], 0.0);
        assertEquals(losses[0], losses[1], 0.0);
        assertArrayEquals(stepped[0], stepped[1], 0.0);
        float[] observations = samples.observations();
        int width = ActorCriticForward.of(net).paramWidth();
        double[][] out = new double[2][16 * width];
        for (int i = 0; i < 2; i++) {
            ActorCriticForward forward = ActorCriticForward.of(both[i].architecture());
            forward.load(params);
            forward.forward(observations, 16, out[i], new double[16]);
        }
        assertArrayEquals(out[0], out[1], 0.0);
    }
}
