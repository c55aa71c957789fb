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
 * Partition-local: a per-JVM pool of networks keyed by architecture. Building a DL4J graph costs
 * tens of milliseconds; after the first time in a JVM each task borrows a built one and loads the
 * broadcast state into it. A borrowed network belongs to one task until it is released.
 */
public final class ExecutorNetworks {
    private static final Map<String, Queue<ComputationGraph>> POOL = new ConcurrentHashMap<>();

    private ExecutorNetworks() {
    }

    /**
     * The pool key of a configuration: its JSON with the optimizer step and epoch counters zeroed,
     * which change every update without changing the architecture.
     */
    public static String key(ComputationGraphConfiguration configuration) {
        ComputationGraphConfiguration stable = configuration.clone();
        stable.setIterationCount(0);
        stable.setEpochCount(0);
        return stable.toJson();
    }

    /** A network of {@code key}'s architecture; its parameters and optimizer state are whatever they were. */
    public static ComputationGraph borrow(String key) {
        ComputationGraph net = POOL.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>()).poll();
        if (net == null) {
            net = new ComputationGraph(ComputationGraphConfiguration.fromJson(key));
            net.init();
        }
        return net;
    }

    public static void release(String key, ComputationGraph net) {
        POOL.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>()).offer(net);
    }

    /** Runs {@code work} on a pooled network holding {@code policy}'s parameters. */
    public static <T> T withNetwork(PolicyParameters policy, Function<ComputationGraph, T> work) {
        ComputationGraph net = borrow(policy.configurationJson());
        try {
            net.setParams(Nd4j.create(policy.parameters(), new long[] {1, policy.parameters().length},
                    DataType.DOUBLE));
            return work.apply(net);
        } finally {
            release(policy.configurationJson(), net);
        }
    }
}
