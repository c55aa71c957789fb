package org.sparkppo.spark;

import com.esotericsoftware.kryo.Kryo;
import org.apache.spark.serializer.KryoRegistrator;
import org.nd4j.kryo.Nd4jRegistrator;
import org.sparkppo.partition.PartitionState;
import org.sparkppo.rollout.FinishedEpisodes;

/**
 * Registers ND4J's arrays (through {@link Nd4jRegistrator}; without it Kryo silently breaks
 * {@code INDArray}) and the classes this job sends between driver and executors. Named in
 * {@code spark.kryo.registrator} by {@code conf/spark/*.properties}.
 */
public final class PpoKryoRegistrator implements KryoRegistrator {

    @Override
    public void registerClasses(Kryo kryo) {
        new Nd4jRegistrator().registerClasses(kryo);
        kryo.register(PartitionState.class);
        kryo.register(FinishedEpisodes.class);
        kryo.register(PolicyParameters.class);
        kryo.register(PartitionRolloutResult.class);
        kryo.register(PartitionRolloutResult.RolloutSummary.class);
        kryo.register(TrainingSamples.class);
        kryo.register(ExplainedVariance.class);
        kryo.register(TrainingDiagnostics.class);
        kryo.register(byte[].class);
        kryo.register(int[].class);
        kryo.register(float[].class);
        kryo.register(double[].class);
    }
}
