package org.sparkppo.stage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.sparkppo.channel.AggregationClient;
import org.sparkppo.config.AdvantageScope;
import org.sparkppo.config.SyncMode;
import org.sparkppo.model.ActorCriticForward;
import org.sparkppo.model.ActorCriticGradient;
import org.sparkppo.partition.PartitionState;
import org.sparkppo.sync.GradientAllReduce;
import org.sparkppo.sync.LocalUpdates;
import org.sparkppo.sync.PeriodicAveraging;
import org.sparkppo.sync.Replica;
import org.sparkppo.sync.ReplicaSync;

/**
 * Partition-local: one partition's whole PPO iteration, the only task of the iteration's stage for
 * that partition (DESIGN.md, "One training iteration: one Spark stage"): restore the vector env,
 * roll out under the iteration's parameters, GAE, the advantages' batch moments over the channel
 * when their scope is the batch, the K epochs of minibatch updates synchronized as
 * {@code training.sync} says, the KL after the update; returns the partition's next state, episodes,
 * statistics and (where the driver needs it) the model. A pure function of the broadcast inputs and
 * the partition state, so a rerun stage produces the same results.
 */
public final class PartitionIteration implements FlatMapFunction<Iterator<PartitionState>, PartitionResult> {
    private static final long serialVersionUID = 1L;
    /**
     * How long the channel waits for every partition of one synchronization round before it fails the
     * round (and with it the stage, which Spark then retries from the partition states).
     */
    public static final Duration ROUND_TIMEOUT = Duration.ofMinutes(5);

    private final Broadcast<IterationInputs> inputs;

    public PartitionIteration(Broadcast<IterationInputs> inputs) {
        this.inputs = inputs;
    }

    @Override
    public Iterator<PartitionResult> call(Iterator<PartitionState> states) {
        if (!states.hasNext()) {
            return List.<PartitionResult>of().iterator();
        }
        PartitionState state = states.next();
        if (states.hasNext()) {
            throw new IllegalStateException("partition holds more than one partition state; the state RDD must have "
                    + "one element per partition");
        }
        return List.of(run(inputs.value(), state)).iterator();
    }

    /** One partition's iteration. */
    public static PartitionResult run(IterationInputs in, PartitionState state) {
        long start = System.nanoTime();
        try (ReplicaSync sync = openSync(in, state.partition())) {
            ActorCriticForward forward = ActorCriticForward.of(in.architecture());
            forward.load(in.parameters());
            PartitionRollout.RolloutOutcome rollout = new PartitionRollout(in.rollout(), in.iteration())
                    .run(forward, state);
            long rolloutEnd = System.nanoTime();
            TrainingSamples samples = rollout.samples();
            double[] advantages = samples.advantages();
            if (in.update().advantageScope() == AdvantageScope.BATCH) {
                AdvantageMoments batch = AdvantageMoments.fromArray(
                        sync.sumOverPartitions(AdvantageMoments.of(advantages).toArray()));
                advantages = AdvantageTransform.of(batch).applyTo(samples).advantages();
            }
            Replica replica = new Replica(ActorCriticGradient.of(in.architecture(), in.update().minibatchSize()),
                    in.adam(), in.parameters().clone(), in.adamState().clone(), in.optimizerSteps(), in.learningRate(),
                    in.update().maxGradNorm());
            UpdateDiagnostics diagnostics = PpoEpochs.run(in, samples, advantages, replica, forward, sync);
            boolean returnsModel = in.update().sync() == SyncMode.ITERATION_AVERAGING || state.partition() == 0;
            return new PartitionResult(rollout.nextState(), rollout.episodes(), rollout.explainedVariance(),
                    rollout.observationStats(), rollout.returnStats(), diagnostics,
                    returnsModel ? replica.parameters() : null, returnsModel ? replica.adamState() : null,
                    replica.steps(), rolloutEnd - start, System.nanoTime() - rolloutEnd);
        }
    }

    private static ReplicaSync openSync(IterationInputs in, int partition) {
        UpdateSettings u = in.update();
        return switch (u.sync()) {
            case ITERATION_AVERAGING -> new LocalUpdates();
            case GRADIENT -> new GradientAllReduce(connect(in, partition));
            case PARAMETER_AVERAGING -> new PeriodicAveraging(connect(in, partition), u.averagingFrequency(),
                    u.numPartitions());
        };
    }

    /** The client waits longer than the server's round timeout, so that the server reports a lost partition. */
    private static AggregationClient connect(IterationInputs in, int partition) {
        try {
            return AggregationClient.connect(in.channel(), in.iteration(), in.attempt(), partition,
                    in.update().numPartitions(), ROUND_TIMEOUT.plusMinutes(1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
