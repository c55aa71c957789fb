package org.sparkppo.spark;

import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Partition-local, for {@code training.sync = gradient}: the gradient of one minibatch of this
 * partition's samples at the broadcast parameters, summed over its examples (DL4J's unscaled
 * back-propagation result; the driver divides by the whole step's example count).
 */
public final class MinibatchGradient implements Function<TrainingSamples, PartitionGradient> {
    private static final long serialVersionUID = 1L;

    private final Broadcast<PolicyParameters> policy;
    private final EpochMinibatches epoch;
    private final int index;

    public MinibatchGradient(Broadcast<PolicyParameters> policy, EpochMinibatches epoch, int index) {
        this.policy = policy;
        this.epoch = epoch;
        this.index = index;
    }

    @Override
    public PartitionGradient call(TrainingSamples samples) {
        MultiDataSet minibatch = epoch.minibatch(samples, index);
        return ExecutorNetworks.withNetwork(policy.value(), net -> {
            net.setInputs(minibatch.getFeatures());
            net.setLabels(minibatch.getLabels());
            net.computeGradientAndScore();
            PartitionGradient gradient = new PartitionGradient(samples.partition(),
                    net.gradient().gradient().toDoubleVector(), net.score(), (int) minibatch.getFeatures(0).size(0));
            net.clear();
            return gradient;
        });
    }
}
