package org.sparkppo.spark;

import java.util.Collection;
import java.util.List;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.spark.api.WorkerConfiguration;
import org.deeplearning4j.spark.api.worker.NetBroadcastTuple;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingResult;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingWorker;

/**
 * Partition-local: DL4J's parameter-averaging worker, except that the network is borrowed from the
 * executor's pool ({@link ExecutorNetworks}) instead of built anew for every task, then loaded with
 * the broadcast parameters, Adam state and step counters. DL4J returns views of the network's
 * arrays as the task result; this worker returns copies, so the network can go back to the pool.
 */
final class PooledTrainingWorker extends ParameterAveragingTrainingWorker {
    private static final long serialVersionUID = 1L;

    private final Broadcast<NetBroadcastTuple> network;
    private final String networkKey;
    private final List<TrainingListener> listeners;

    PooledTrainingWorker(Broadcast<NetBroadcastTuple> network, String networkKey, WorkerConfiguration configuration,
                         Collection<TrainingListener> listeners) {
        super(network, true, configuration, null, listeners, null);
        this.network = network;
        this.networkKey = networkKey;
        this.listeners = listeners == null ? List.of() : List.copyOf(listeners);
    }

    @Override
    public ComputationGraph getInitialModelGraph() {
        NetBroadcastTuple state = network.getValue();
        ComputationGraph net = ExecutorNetworks.borrow(networkKey);
        ComputationGraphConfiguration source = state.getGraphConfiguration();
        net.getConfiguration().setIterationCount(source.getIterationCount());
        net.getConfiguration().setEpochCount(source.getEpochCount());
        net.setParams(state.getParameters());
        if (state.getUpdaterState() != null) {
            net.getUpdater().getStateViewArray().assign(state.getUpdaterState());
        }
        net.setListeners(listeners);
        return net;
    }

    @Override
    public ParameterAveragingTrainingResult getFinalResult(ComputationGraph net) {
        ParameterAveragingTrainingResult views = super.getFinalResult(net);
        ParameterAveragingTrainingResult copies = new ParameterAveragingTrainingResult(views.getParameters().dup(),
                views.getUpdaterState() == null ? null : views.getUpdaterState().dup(), views.getScore(), null, null,
                null);
        ExecutorNetworks.release(networkKey, net);
        return copies;
    }
}
