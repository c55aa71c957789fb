package org.sparkppo.sync;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.sparkppo.channel.AggregationClient;

/**
 * The sync modes that exchange over the run's aggregation channel. A failed round is an unchecked
 * error: it fails the task, and with it the stage, which the driver reruns from the partition states.
 */
abstract class ChannelSync implements ReplicaSync {
    private final AggregationClient channel;

    ChannelSync(AggregationClient channel) {
        this.channel = channel;
    }

    @Override
    public final double[] sumOverPartitions(double[] local) {
        try {
            return channel.sum(local);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public final void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
