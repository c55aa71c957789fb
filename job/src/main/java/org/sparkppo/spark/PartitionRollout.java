package org.sparkppo.spark;

import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.sparkppo.env.Discrete;
import org.sparkppo.env.EnvDynamics;
import org.sparkppo.env.EnvRegistry;
import org.sparkppo.env.VectorEnv;
import org.sparkppo.gae.GeneralizedAdvantageEstimation;
import org.sparkppo.partition.PartitionState;
import org.sparkppo.rollout.FinishedEpisodes;
import org.sparkppo.rollout.RolloutBuffer;
import org.sparkppo.rollout.RolloutCollector;
import org.sparkppo.seed.SeedDerivation;

/**
 * Partition-local: the rollout stage of one iteration. Restores the partition's vector env, runs
 * {@code numSteps} steps under the broadcast policy, computes GAE over the T×N block and emits the
 * training samples with the new partition state. A pure function of (broadcast parameters,
 * partition state, seed, iteration), so a task Spark reruns produces the same result.
 */
public final class PartitionRollout implements FlatMapFunction<Iterator<PartitionState>, PartitionRolloutResult> {
    private static final long serialVersionUID = 1L;

    private final Broadcast<PolicyParameters> policy;
    private final String envId;
    private final int numSteps;
    private final double gamma;
    private final double gaeLambda;
    private final long seed;
    private final int iteration;

    public PartitionRollout(Broadcast<PolicyParameters> policy, String envId, int numSteps, double gamma,
                            double gaeLambda, long seed, int iteration) {
        this.policy = policy;
        this.envId = envId;
        this.numSteps = numSteps;
        this.gamma = gamma;
        this.gaeLambda = gaeLambda;
        this.seed = seed;
        this.iteration = iteration;
    }

    @Override
    public Iterator<PartitionRolloutResult> call(Iterator<PartitionState> states) {
        if (!states.hasNext()) {
            return List.<PartitionRolloutResult>of().iterator();
        }
        PartitionState state = states.next();
        if (states.hasNext()) {
            throw new IllegalStateException("partition holds more than one partition state; the state RDD must have "
                    + "one element per partition");
        }
        return List.of(run(policy.value(), state)).iterator();
    }

    /** One partition's rollout under {@code parameters}; also callable outside Spark. */
    public PartitionRolloutResult run(PolicyParameters parameters, PartitionState state) {
        long start = System.nanoTime();
        EnvDynamics dynamics = EnvRegistry.load().dynamics(envId);
        VectorEnv env = state.restoreEnv(dynamics);
        int numActions = ((Discrete) dynamics.spec().actionSpace()).n();
        RolloutBuffer buffer = new RolloutBuffer(numSteps, env.numEnvs(), env.observationDim(), env.actionDim());
        FinishedEpisodes episodes = ExecutorNetworks.withNetwork(parameters, net -> RolloutCollector.collect(env,
                new NetworkPolicy(net, SeedDerivation.stream(seed, SeedDerivation.Purpose.ACTION_SAMPLING, iteration,
                        state.partition()), env.observationDim()), buffer));
        GeneralizedAdvantageEstimation.compute(buffer, gamma, gaeLambda);
        TrainingSamples samples = TrainingSamples.from(buffer, state.partition(), numActions);
        ExplainedVariance ev = new ExplainedVariance();
        for (int k = 0; k < samples.count(); k++) {
            ev.add(samples.returns()[k], samples.values()[k]);
        }
        PartitionRolloutResult.RolloutSummary summary = new PartitionRolloutResult.RolloutSummary(
                PartitionState.of(state.partition(), env), episodes, ev, System.nanoTime() - start);
        return new PartitionRolloutResult(summary, samples);
    }
}
