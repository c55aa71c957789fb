package org.sparkppo.sync;

/**
 * {@code training.sync = iteration-averaging}: every partition runs all its epochs alone; the driver
 * averages the replicas' parameters and Adam state in partition order once the stage ends (DL4J's
 * rule, one round per iteration). Nothing synchronizes inside the stage, so it needs no barrier and
 * more partitions than task slots still run (in waves); batch-wide quantities inside the stage (the
 * {@code targetKl} check, the KL after the update) are this partition's.
 */
public final class LocalUpdates implements ReplicaSync {

    @Override
    public void step(Replica replica, MinibatchGradient gradient) {
        replica.step(gradient.summed(), gradient.examples());
    }

    @Override
    public double[] sumOverPartitions(double[] local) {
        return local;
    }

    @Override
    public void close() {
    }
}
