package org.sparkppo.sync;

import java.util.Arrays;
import org.sparkppo.channel.AggregationClient;

/**
 * {@code training.sync = gradient}: exact synchronous PPO. Per minibatch every partition sends its
 * summed gradient and example count; every replica receives the same partition-order sum and applies
 * the same clipped Adam step to its own copy, so the replicas stay bit-identical (as PyTorch DDP's
 * do) and together are one learner on minibatches of {@code numPartitions × minibatchSize} samples.
 */
public final class GradientAllReduce extends ChannelSync {

    public GradientAllReduce(AggregationClient channel) {
        super(channel);
    }

    @Override
    public void step(Replica replica, MinibatchGradient gradient) {
        double[] payload = Arrays.copyOf(gradient.summed(), gradient.summed().length + 1);
        payload[payload.length - 1] = gradient.examples();
        double[] sum = sumOverPartitions(payload);
        replica.step(Arrays.copyOf(sum, sum.length - 1), (int) sum[sum.length - 1]);
    }
}
