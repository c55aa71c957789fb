package org.sparkppo.stage;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Partition-local: a per-JVM pool of networks keyed by architecture. Building a DL4J graph costs
 * tens of milliseconds; after the first time in a JVM each task borrows a built one and loads the
 * iteration's parameters into it. A borrowed network belongs to one task until it is released, so
 * no network or workspace is ever shared between two task threads.
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
}
