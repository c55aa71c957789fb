package org.sparkppo.spark;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Partition-local: a per-JVM pool of networks keyed by configuration JSON. Building a DL4J graph
 * costs tens of milliseconds the first time in a JVM; after that each task borrows a built one and
 * only loads the broadcast parameters. One network per concurrently running task, never shared.
 */
public final class ExecutorNetworks {
    private static final Map<String, Queue<ComputationGraph>> POOL = new ConcurrentHashMap<>();

    private ExecutorNetworks() {
    }

    /** Runs {@code work} on a pooled network holding {@code policy}'s parameters. */
    public static <T> T withNetwork(PolicyParameters policy, Function<ComputationGraph, T> work) {
        Queue<ComputationGraph> queue = POOL.computeIfAbsent(policy.configurationJson(),
                k -> new ConcurrentLinkedQueue<>());
        ComputationGraph net = queue.poll();
        if (net == null) {
            net = new ComputationGraph(ComputationGraphConfiguration.fromJson(policy.configurationJson()));
            net.init();
        }
        try {
            net.setParams(Nd4j.create(policy.parameters(), new long[] {1, policy.parameters().length},
                    DataType.DOUBLE));
            return work.apply(net);
        } finally {
            queue.offer(net);
        }
    }
}
