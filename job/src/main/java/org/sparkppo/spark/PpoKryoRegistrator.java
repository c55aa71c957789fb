package org.sparkppo.spark;

import com.esotericsoftware.kryo.Kryo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.serializer.KryoRegistrator;
import org.deeplearning4j.nn.api.OptimizationAlgorithm;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.weights.WeightInitConstant;
import org.deeplearning4j.spark.api.worker.NetBroadcastTuple;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingResult;
import org.nd4j.kryo.Nd4jRegistrator;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.sparkppo.loss.PpoPolicyLoss;
import org.sparkppo.loss.PpoValueLoss;
import org.sparkppo.model.PpoIterationLinearSchedule;
import org.sparkppo.partition.PartitionState;
import org.sparkppo.normalize.ObservationNormalizer;
import org.sparkppo.normalize.RewardScaler;
import org.sparkppo.normalize.RunningMeanStd;
import org.sparkppo.policy.CategoricalDistribution;
import org.sparkppo.policy.DiagonalGaussian;
import org.sparkppo.rollout.FinishedEpisodes;

/**
 * Registers everything this job sends through Kryo, so Spark can run with
 * {@code spark.kryo.registrationRequired=true} (as {@code conf/spark/local.properties} does): ND4J's
 * arrays through {@link Nd4jRegistrator} (without it Kryo silently breaks {@code INDArray}), DL4J's
 * parameter-averaging broadcast and aggregation with the network configuration they carry, and this
 * job's own wire classes. The list was taken from Kryo's unregistered-class warnings over a real run;
 * the integration tests train with registration required, so a class missing here fails them.
 */
public final class PpoKryoRegistrator implements KryoRegistrator {

    @Override
    public void registerClasses(Kryo kryo) {
        new Nd4jRegistrator().registerClasses(kryo);
        // This job's classes.
        kryo.register(PartitionState.class);
        kryo.register(FinishedEpisodes.class);
        kryo.register(PolicyParameters.class);
        kryo.register(PartitionRolloutResult.class);
        kryo.register(PartitionRolloutResult.RolloutSummary.class);
        kryo.register(TrainingSamples.class);
        kryo.register(ExplainedVariance.class);
        kryo.register(TrainingDiagnostics.class);
        kryo.register(PartitionGradient.class);
        kryo.register(PpoPolicyLoss.class);
        kryo.register(PpoValueLoss.class);
        kryo.register(PpoIterationLinearSchedule.class);
        kryo.register(AdvantageMoments.class);
        kryo.register(AdvantageTransform.class);
        kryo.register(IterationCoefficients.class);
        kryo.register(PartitionRollout.Settings.class);
        kryo.register(RunningMeanStd.class);
        kryo.register(ObservationNormalizer.class);
        kryo.register(RewardScaler.class);
        kryo.register(CategoricalDistribution.class);
        kryo.register(DiagonalGaussian.class);
        // DL4J parameter averaging: the broadcast network and the aggregated results.
        kryo.register(NetBroadcastTuple.class);
        kryo.register(ParameterAveragingTrainingResult.class);
        kryo.register(ComputationGraphConfiguration.class);
        kryo.register(NeuralNetConfiguration.class);
        kryo.register(LayerVertex.class);
        kryo.register(DenseLayer.class);
        kryo.register(OutputLayer.class);
        kryo.register(LossLayer.class);
        kryo.register(MergeVertex.class);
        kryo.register(ScaleVertex.class);
        kryo.register(WeightInitConstant.class);
        kryo.register(Adam.class);
        kryo.register(ActivationTanH.class);
        kryo.register(ActivationIdentity.class);
        kryo.register(DataType.class);
        kryo.register(WorkspaceMode.class);
        kryo.register(CacheMode.class);
        kryo.register(BackpropType.class);
        kryo.register(GradientNormalization.class);
        kryo.register(OptimizationAlgorithm.class);
        // JDK containers inside those objects.
        kryo.register(ArrayList.class);
        kryo.register(LinkedHashMap.class);
        kryo.register(AtomicInteger.class);
        kryo.register(byte[].class);
        kryo.register(int[].class);
        kryo.register(float[].class);
        kryo.register(double[].class);
    }
}
