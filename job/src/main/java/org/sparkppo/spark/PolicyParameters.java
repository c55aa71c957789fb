package org.sparkppo.spark;

import java.io.Serializable;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * What the driver broadcasts to the executors each iteration: the network's architecture (its
 * {@link ExecutorNetworks#key pool key}) and its flat parameter vector.
 */
public final class PolicyParameters implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String configurationJson;
    private final double[] parameters;

    public PolicyParameters(String configurationJson, double[] parameters) {
        this.configurationJson = configurationJson;
        this.parameters = parameters;
    }

    public static PolicyParameters of(ComputationGraph net) {
        return new PolicyParameters(ExecutorNetworks.key(net.getConfiguration()), net.params().toDoubleVector());
    }

    public String configurationJson() {
        return configurationJson;
    }

    public double[] parameters() {
        return parameters;
    }
}
