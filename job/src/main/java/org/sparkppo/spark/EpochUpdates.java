package org.sparkppo.spark;

import org.apache.spark.api.java.JavaRDD;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Driver-only: how a PPO epoch's minibatch updates are made from the partitions' cached samples
 * ({@code training.sync}); {@link ParameterAveragingEpochs} or {@link GradientSync}.
 */
public interface EpochUpdates {

    /** Runs one PPO epoch: every minibatch of {@code epoch} over all partitions, updating {@link #network()}. */
    void fit(JavaRDD<TrainingSamples> samples, EpochMinibatches epoch);

    /** The driver's network: the result of every epoch fitted so far. */
    ComputationGraph network();

    /** The mean training loss of the last update. */
    double score();
}
