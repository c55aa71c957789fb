package org.sparkppo.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.sparkppo.channel.AggregationServer;
import org.sparkppo.config.PpoConfig;
import org.sparkppo.env.EnvironmentFailure;
import org.sparkppo.loss.FlatArrays;
import org.sparkppo.model.ActorCriticGraph;
import org.sparkppo.model.AdamStep;
import org.sparkppo.normalize.NormalizationStats;
import org.sparkppo.partition.PartitionState;
import org.sparkppo.stage.IterationInputs;
import org.sparkppo.stage.PartitionIteration;
import org.sparkppo.stage.PartitionResult;
import org.sparkppo.stage.PartitionRollout;
import org.sparkppo.stage.UpdateSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.collection.JavaConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

/**
 * Driver-only: one PPO iteration as one Spark job of one stage. Broadcasts the iteration's inputs,
 * runs {@link PartitionIteration} on every partition state (in barrier mode when the partitions
 * synchronize, with the run's {@link AggregationServer} as their channel) and collects one small
 * result per partition, in partition order.
 */
final class IterationStage implements AutoCloseable {
    /** Runs of one iteration's stage before the run fails (Spark's {@code spark.stage.maxConsecutiveAttempts} default). */
    static final int ATTEMPTS = 4;
    private static final Logger LOG = LoggerFactory.getLogger(IterationStage.class);
    private final JavaSparkContext sc;
    private final PpoConfig config;
    private final UpdateSettings update;
    private final ActorCriticGraph architecture;
    private final AdamStep adam;
    private final AggregationServer channel;
    private final EnvironmentFailureListener environmentFailures = new EnvironmentFailureListener();

    IterationStage(JavaSparkContext sc, PpoConfig config, ComputationGraph net) {
        this.sc = sc;
        this.config = config;
        this.update = UpdateSettings.of(config);
        this.architecture = ActorCriticGraph.of(net);
        this.adam = AdamStep.of(net);
        this.channel = config.training().sync().synchronizesInsideStage() ? openChannel(sc) : null;
        sc.sc().addSparkListener(environmentFailures);
    }

    /** The run's aggregation endpoint, on the address the executors already reach the driver at. */
    private static AggregationServer openChannel(JavaSparkContext sc) {
        String host = sc.getConf().get("spark.driver.host", "127.0.0.1");
        try {
            return AggregationServer.open(host, PartitionIteration.ROUND_TIMEOUT);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the run's aggregation channel on " + host + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Runs iteration {@code iteration} from the driver's model {@code net}; results in partition order.
     * Spark never resubmits a failed barrier result stage (it aborts the job), so the driver reruns a
     * failed iteration itself, up to {@value #ATTEMPTS} times: the inputs and partition states are
     * unchanged, so the rerun computes the same results. A failure of the environment itself
     * ({@link EnvironmentFailure}: it threw, or gave a non-finite observation or reward) would fail the
     * same way again: it is not rerun but ends the run as a {@link TrainingFailure} with its message
     * (read from the exception's causes or, for a barrier stage, whose exception carries none, from the
     * task-end events). Spark's own task retries ({@code spark.task.maxFailures}, 4 on a cluster, 1 in
     * {@code local[n]}) still rerun a failed task of a non-barrier stage before the stage fails.
     */
    List<PartitionResult> run(int iteration, ComputationGraph net, List<PartitionState> states,
                              NormalizationStats normalization, double klCoef) {
        for (int attempt = 0; ; attempt++) {
            try {
                return attempt(iteration, attempt, net, states, normalization, klCoef);
            } catch (Exception e) {
                EnvironmentFailure environment = environmentFailure(e);
                if (environment != null) {
                    throw new TrainingFailure(environment.getMessage());
                }
                if (e instanceof SparkException) {
                    environmentFailures.failure(sc.sc()).ifPresent(message -> {
                        throw new TrainingFailure(message);
                    });
                }
                // Scala throws SparkException undeclared; anything else, or a stopped context, is not retried.
                if (!(e instanceof SparkException) || attempt + 1 == ATTEMPTS || sc.sc().isStopped()) {
                    throw e;
                }
                LOG.warn("iteration {}: stage attempt {} failed, rerunning it from the partition states: {}",
                        iteration, attempt, e.getMessage());
            }
        }
    }

    /** The environment failure {@code e} is or was caused by, or null. */
    private static EnvironmentFailure environmentFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof EnvironmentFailure failure) {
                return failure;
            }
        }
        return null;
    }

    private List<PartitionResult> attempt(int iteration, int attempt, ComputationGraph net,
                                          List<PartitionState> states, NormalizationStats normalization,
                                          double klCoef) {
        IterationInputs inputs = new IterationInputs(iteration, attempt, architecture, adam,
                FlatArrays.rowMajor(net.params()), FlatArrays.rowMajor(net.getUpdater().getStateViewArray()),
                net.getIterationCount(),
                config.learningRate(iteration), config.clipRange(iteration),
                config.training().objective().penalized() ? klCoef : 0.0,
                PartitionRollout.Settings.of(config, normalization), update,
                channel == null ? null : channel.address());
        Broadcast<IterationInputs> broadcast = sc.broadcast(inputs);
        try {
            sc.setJobDescription("iteration " + iteration + (attempt > 0 ? " (attempt " + (attempt + 1) + ")" : "")
                    + ": rollout, GAE and " + config.training().numEpochs() + " PPO epochs ("
                    + config.training().sync().configName() + ")");
            JavaRDD<PartitionState> partitions = sc.parallelize(states, states.size());
            PartitionIteration task = new PartitionIteration(broadcast);
            List<PartitionResult> results;
            if (channel == null) {
                results = partitions.mapPartitions(task).collect();
            } else {
                channel.expect(iteration, states.size());
                ClassTag<PartitionResult> tag = ClassTag$.MODULE$.apply(PartitionResult.class);
                results = JavaRDD.fromRDD(partitions.rdd().barrier().mapPartitions(new ScalaPartitions(task), false,
                        tag), tag).collect();
            }
            List<PartitionResult> ordered = new ArrayList<>(results);
            ordered.sort(Comparator.comparingInt(PartitionResult::partition));
            return ordered;
        } finally {
            broadcast.destroy(false);
        }
    }

    @Override
    public void close() {
        sc.sc().removeSparkListener(environmentFailures);
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The task as the Scala function {@code RDDBarrier.mapPartitions} takes. */
    private static final class ScalaPartitions extends AbstractFunction1<scala.collection.Iterator<PartitionState>,
            scala.collection.Iterator<PartitionResult>> implements java.io.Serializable {
        private static final long serialVersionUID = 1L;

        private final PartitionIteration task;

        ScalaPartitions(PartitionIteration task) {
            this.task = task;
        }

        @Override
        public scala.collection.Iterator<PartitionResult> apply(scala.collection.Iterator<PartitionState> states) {
            return JavaConverters.asScalaIterator(task.call(JavaConverters.asJavaIterator(states)));
        }
    }
}
