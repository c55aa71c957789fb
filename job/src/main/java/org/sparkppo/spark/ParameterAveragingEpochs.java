package org.sparkppo.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.sparkppo.config.PpoConfig;
import org.sparkppo.model.GlobalGradientNormClipping;

/**
 * Driver-only: {@code training.sync = parameter-averaging}, the design card's mode. Each epoch is
 * one DL4J {@code fitMultiDataSet} over the partitions' minibatches with {@link ParameterAveragingSync};
 * every worker clips its gradients with {@link GlobalGradientNormClipping}.
 */
public final class ParameterAveragingEpochs implements EpochUpdates {
    private final SparkComputationGraph sparkNet;

    public ParameterAveragingEpochs(JavaSparkContext sc, ComputationGraph net, PpoConfig config) {
        this.sparkNet = new SparkComputationGraph(sc, net, new ParameterAveragingSync(config.rollout().numPartitions(),
                config.training().minibatchSize(), config.minibatchesPerPartition(),
                config.effectiveAveragingFrequency(), config.run().seed()));
        if (config.training().maxGradNorm() > 0) {
            sparkNet.setListeners(new GlobalGradientNormClipping(config.training().maxGradNorm()));
        }
    }

    @Override
    public void fit(JavaRDD<TrainingSamples> samples, EpochMinibatches epoch) {
        sparkNet.fitMultiDataSet(samples.mapPartitions(epoch, true));
    }

    @Override
    public ComputationGraph network() {
        return sparkNet.getNetwork();
    }

    @Override
    public double score() {
        return sparkNet.getScore();
    }
}
