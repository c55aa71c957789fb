package org.sparkppo.stage;

import com.esotericsoftware.kryo.Kryo;
import org.apache.spark.serializer.KryoRegistrator;
import org.sparkppo.channel.ChannelAddress;
import org.sparkppo.config.AdvantageScope;
import org.sparkppo.config.SyncMode;
import org.sparkppo.loss.PpoPolicyLoss;
import org.sparkppo.loss.PpoValueLoss;
import org.sparkppo.model.ActorCriticGraph;
import org.sparkppo.model.AdamStep;
import org.sparkppo.partition.PartitionState;
import org.sparkppo.normalize.ObservationNormalizer;
import org.sparkppo.normalize.RewardScaler;
import org.sparkppo.normalize.RunningMeanStd;
import org.sparkppo.policy.CategoricalDistribution;
import org.sparkppo.policy.DiagonalGaussian;
import org.sparkppo.policy.MultiCategoricalDistribution;
import org.sparkppo.rollout.FinishedEpisodes;

/**
 * Registers everything this job sends through Kryo, so Spark can run with
 * {@code spark.kryo.registrationRequired=true} (as {@code conf/spark/local.properties} does): this
 * job's own wire classes, an iteration's broadcast inputs and each task's result. No ND4J array
 * crosses the wire (the model travels as plain arrays with its {@code ActorCriticGraph}), so ND4J's
 * Kryo registrator is not needed. The integration tests train with registration required, so a class
 * missing here fails them.
 */
public final class PpoKryoRegistrator implements KryoRegistrator {

    @Override
    public void registerClasses(Kryo kryo) {
        kryo.register(PartitionState.class);
        kryo.register(FinishedEpisodes.class);
        kryo.register(IterationInputs.class);
        kryo.register(ActorCriticGraph.class);
        kryo.register(ActorCriticGraph.Layer.class);
        kryo.register(ActorCriticGraph.Layer[].class);
        kryo.register(ActorCriticGraph.ParamView.class);
        kryo.register(ActorCriticGraph.Activation.class);
        kryo.register(PpoPolicyLoss.class);
        kryo.register(PpoValueLoss.class);
        kryo.register(AdamStep.class);
        kryo.register(AdamStep.Block.class);
        kryo.register(AdamStep.Block[].class);
        kryo.register(UpdateSettings.class);
        kryo.register(PartitionRollout.Settings.class);
        kryo.register(ChannelAddress.class);
        kryo.register(SyncMode.class);
        kryo.register(AdvantageScope.class);
        kryo.register(PartitionResult.class);
        kryo.register(PartitionResult[].class);
        kryo.register(ExplainedVariance.class);
        kryo.register(UpdateDiagnostics.class);
        kryo.register(RunningMeanStd.class);
        kryo.register(ObservationNormalizer.class);
        kryo.register(RewardScaler.class);
        kryo.register(CategoricalDistribution.class);
        kryo.register(DiagonalGaussian.class);
        kryo.register(MultiCategoricalDistribution.class);
        kryo.register(CategoricalDistribution[].class);
        // JDK containers inside those objects.
        kryo.register(byte[].class);
        kryo.register(int[].class);
        kryo.register(float[].class);
        kryo.register(double[].class);
    }
}
