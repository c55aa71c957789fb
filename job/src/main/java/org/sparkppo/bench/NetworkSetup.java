package org.sparkppo.bench;

import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** How the measured network is built from the project's configuration and the problem's parameters. */
enum NetworkSetup {
    /** As {@code ActorCriticNetwork} configures it: DOUBLE, DL4J's default workspaces, no cache mode. */
    PROJECT("project configuration"),
    /** Training and inference without workspaces: every intermediate array is a fresh native allocation. */
    NO_WORKSPACES("WorkspaceMode.NONE"),
    /** DL4J's activation cache; only convolution and recurrent layers read it. */
    CACHE_MODE_DEVICE("CacheMode.DEVICE"),
    /** The same parameters rounded to single precision. */
    FLOAT("FLOAT network");

    private final String label;

    NetworkSetup(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    ComputationGraph build(ComputationGraphConfiguration configuration, double[] parameters) {
        if (this == NO_WORKSPACES) {
            configuration.setTrainingWorkspaceMode(WorkspaceMode.NONE);
            configuration.setInferenceWorkspaceMode(WorkspaceMode.NONE);
        } else if (this == CACHE_MODE_DEVICE) {
            configuration.setCacheMode(CacheMode.DEVICE);
            configuration.getDefaultConfiguration().setCacheMode(CacheMode.DEVICE);
        }
        ComputationGraph net = new ComputationGraph(configuration);
        net.init(Nd4j.create(parameters, new long[] {1, parameters.length}, DataType.DOUBLE), false);
        return this == FLOAT ? net.convertDataType(DataType.FLOAT) : net;
    }
}
