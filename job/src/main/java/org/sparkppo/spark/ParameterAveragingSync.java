package org.sparkppo.spark;

import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaRDDLike;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.api.RepartitionStrategy;
import org.deeplearning4j.spark.api.WorkerConfiguration;
import org.deeplearning4j.spark.api.worker.NetBroadcastTuple;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingResult;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingWorker;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Driver-only: the design card's sync mode, DL4J parameter averaging (Direct approach, no
 * repartition, no persist), set up for PPO epochs: every partition trains its own shuffled
 * minibatches from the broadcast parameters and updater state, and the driver averages both every
 * {@code averagingFrequency} minibatches (by default once per epoch).
 *
 * <p>Changes to {@link ParameterAveragingTrainingMaster}, none to the algorithm:
 * <ul>
 *   <li>workers borrow their network from the executor's pool ({@link PooledTrainingWorker}) and
 *       keep Adam's step count, which DL4J's worker loses;</li>
 *   <li>the averages are summed in partition order on the driver, so they are bit-identical from run
 *       to run (DL4J's {@code treeAggregate} adds in task-completion order, and floating-point sums
 *       of three or more terms depend on the order);</li>
 *   <li>the number of minibatch objects per fit is known (partitions × minibatches), so the
 *       {@code count()} Spark job DL4J runs before every fit is skipped;</li>
 *   <li>the parameter broadcast of each fit is released when the next one is made (DL4J never
 *       unpersists it, which grows the driver's block store by one network per epoch).</li>
 * </ul>
 */
public final class ParameterAveragingSync extends ParameterAveragingTrainingMaster {
    private static final long serialVersionUID = 1L;
    private static final int AGGREGATION_DEPTH = 2;

    private final long minibatchesPerFit;
    private transient Broadcast<NetBroadcastTuple> previousBroadcast;
    private transient String networkKey;

    /**
     * @param numPartitions          Spark partitions holding training data (DL4J's workers)
     * @param minibatchSize          samples per minibatch object and per worker step
     * @param minibatchesPerPartition minibatch objects each partition holds per fit
     * @param averagingFrequency     minibatches between averagings
     * @param seed                   seeds DL4J's split generator (used only when a fit has several splits)
     */
    public ParameterAveragingSync(int numPartitions, int minibatchSize, int minibatchesPerPartition,
                                  int averagingFrequency, long seed) {
        super(true, numPartitions, minibatchSize, minibatchSize, averagingFrequency, AGGREGATION_DEPTH, 0,
                Repartition.Never, RepartitionStrategy.Balanced, null, false);
        this.rddTrainingApproach = RDDTrainingApproach.Direct;
        this.rng = new Random(seed);
        this.minibatchesPerFit = (long) numPartitions * minibatchesPerPartition;
    }

    @Override
    protected <T, R extends JavaRDDLike<T, R>> long getTotalDataSetObjectCount(JavaRDDLike<T, R> trainingData) {
        return minibatchesPerFit;
    }

    /** Averages parameters, Adam state and score over the partitions' results, in partition order. */
    @Override
    protected void processResults(SparkDl4jMultiLayer network, SparkComputationGraph graph,
                                  JavaRDD<ParameterAveragingTrainingResult> results, int splitNum, int totalSplits) {
        INDArray parameters = null;
        INDArray updaterState = null;
        double score = 0;
        int count = 0;
        for (ParameterAveragingTrainingResult r : results.collect()) {
            if (r.getParameters() == null) {
                continue;
            }
            parameters = parameters == null ? r.getParameters().dup() : parameters.addi(r.getParameters());
            if (r.getUpdaterState() != null) {
                updaterState = updaterState == null ? r.getUpdaterState().dup() : updaterState.addi(r.getUpdaterState());
            }
            score += r.getScore();
            count++;
        }
        if (count == 0) {
            return;
        }
        ComputationGraph net = graph.getNetwork();
        net.setParams(parameters.divi(count));
        if (updaterState != null) {
            net.getUpdater().setStateViewArray(updaterState.divi(count));
        }
        graph.setScore(score / count);
        net.getConfiguration().setIterationCount(net.getConfiguration().getIterationCount() + averagingFrequency);
    }

    @Override
    public ParameterAveragingTrainingWorker getWorkerInstance(SparkComputationGraph graph) {
        if (previousBroadcast != null) {
            previousBroadcast.unpersist(false);
        }
        NetBroadcastTuple tuple = new NetBroadcastTuple(graph.getNetwork().getConfiguration(),
                graph.getNetwork().params(), graph.getNetwork().getUpdater().getStateViewArray());
        Broadcast<NetBroadcastTuple> broadcast = graph.getSparkContext().broadcast(tuple);
        previousBroadcast = broadcast;
        if (networkKey == null) {
            networkKey = ExecutorNetworks.key(graph.getNetwork().getConfiguration());
        }
        WorkerConfiguration configuration = new WorkerConfiguration(true, rddDataSetNumExamples, batchSizePerWorker,
                averagingFrequency, prefetchNumBatches, collectTrainingStats);
        return new PooledTrainingWorker(broadcast, networkKey, configuration, listeners);
    }
}
