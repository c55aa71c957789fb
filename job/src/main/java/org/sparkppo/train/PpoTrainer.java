package org.sparkppo.train;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.sparkppo.config.PpoConfig;
import org.sparkppo.env.Discrete;
import org.sparkppo.env.EnvDynamics;
import org.sparkppo.env.VectorEnv;
import org.sparkppo.io.Checkpoint;
import org.sparkppo.io.CheckpointStore;
import org.sparkppo.io.RunDirectory;
import org.sparkppo.metrics.EpisodeLog;
import org.sparkppo.metrics.MetricKeys;
import org.sparkppo.metrics.MetricsLog;
import org.sparkppo.model.ActorCriticNetwork;
import org.sparkppo.model.GlobalGradientNormClipping;
import org.sparkppo.partition.PartitionState;
import org.sparkppo.rollout.FinishedEpisodes;
import org.sparkppo.spark.EpochMinibatches;
import org.sparkppo.spark.ExecutorNetworks;
import org.sparkppo.spark.ExplainedVariance;
import org.sparkppo.spark.ParameterAveragingSync;
import org.sparkppo.spark.PartitionRollout;
import org.sparkppo.spark.PartitionRolloutResult;
import org.sparkppo.spark.PartitionRolloutResult.RolloutSummary;
import org.sparkppo.spark.PolicyParameters;
import org.sparkppo.spark.TrainingDiagnostics;
import org.sparkppo.spark.TrainingSamples;

/**
 * Driver-only: synchronous PPO on Spark (DESIGN.md, "One training iteration"). Each iteration
 * broadcasts the parameters, runs every environment partition's rollout and GAE as one Spark task
 * each, keeps the training samples cached on the executors, runs K epochs of DL4J parameter
 * averaging over them, measures the update, and logs and checkpoints on the driver.
 */
public final class PpoTrainer {
    /** The trained model, written into the run directory when the run completes. */
    public static final String FINAL_MODEL = "model.zip";
    private static final int EPISODE_WINDOW = 100;
    private static final int SOLVED_WINDOW = 20;

    private final JavaSparkContext sc;
    private final PpoConfig config;
    private final EnvDynamics dynamics;
    private final RunDirectory run;
    private final PrintWriter out;

    public PpoTrainer(JavaSparkContext sc, PpoConfig config, EnvDynamics dynamics, RunDirectory run, PrintWriter out) {
        this.sc = sc;
        this.config = config;
        this.dynamics = dynamics;
        this.run = run;
        this.out = out;
    }

    /** Trains to {@code run.totalTimesteps}, resuming from the newest checkpoint if there is one. */
    public ComputationGraph train() {
        int observationDim = dynamics.spec().observationSpace().flatDim();
        int numActions = ((Discrete) dynamics.spec().actionSpace()).n();
        int numPartitions = config.rollout().numPartitions();
        CheckpointStore checkpoints = new CheckpointStore(run);
        Optional<Checkpoint> resumed = checkpoints.latest(config.envId());

        ComputationGraph net;
        List<PartitionState> states;
        int done;
        long steps;
        double elapsedBefore;
        MetricsLog metrics;
        EpisodeLog episodes;
        if (resumed.isPresent()) {
            Checkpoint c = resumed.get();
            net = c.network();
            states = new ArrayList<>(c.partitionStates());
            done = c.iteration();
            steps = c.totalTimesteps();
            elapsedBefore = c.elapsedSeconds();
            metrics = MetricsLog.resume(run, done);
            episodes = EpisodeLog.resume(run, steps);
            out.printf("resuming run %s from iteration %d (%d steps)%n", run.root(), done, steps);
        } else {
            net = ActorCriticNetwork.create(config, observationDim, numActions);
            states = new ArrayList<>();
            for (int p = 0; p < numPartitions; p++) {
                states.add(PartitionState.of(p, VectorEnv.create(dynamics, config.rollout().envsPerPartition(),
                        config.run().seed(), p)));
            }
            done = 0;
            steps = 0;
            elapsedBefore = 0;
            metrics = MetricsLog.fresh(run);
            episodes = EpisodeLog.fresh(run);
        }

        SparkComputationGraph sparkNet = new SparkComputationGraph(sc, net, new ParameterAveragingSync(numPartitions,
                config.training().minibatchSize(), config.minibatchesPerPartition(),
                config.effectiveAveragingFrequency(), config.run().seed()));
        if (config.training().maxGradNorm() > 0) {
            sparkNet.setListeners(new GlobalGradientNormClipping(config.training().maxGradNorm()));
        }
        int numIterations = config.numIterations();
        long startNanos = System.nanoTime();
        Broadcast<PolicyParameters> policy = sc.broadcast(PolicyParameters.of(sparkNet.getNetwork()));
        for (int iteration = done + 1; iteration <= numIterations; iteration++) {
            long iterationStart = System.nanoTime();
            double learningRate = config.training().annealLearningRate()
                    ? ActorCriticNetwork.learningRateSchedule(config).valueAtPpoIteration(iteration)
                    : config.training().learningRate();

            sc.setJobDescription("iteration " + iteration + ": rollout + GAE");
            JavaRDD<PartitionRolloutResult> rollouts = sc.parallelize(states, numPartitions)
                    .mapPartitions(new PartitionRollout(policy, config.envId(), config.rollout().numSteps(),
                            config.training().gamma(), config.training().gaeLambda(), config.run().seed(), iteration))
                    .persist(StorageLevel.MEMORY_ONLY());
            List<RolloutSummary> summaries = new ArrayList<>(rollouts.map(PartitionRolloutResult::summary).collect());
            summaries.sort(Comparator.comparingInt(s -> s.nextState().partition()));
            long rolloutEnd = System.nanoTime();

            JavaRDD<TrainingSamples> samples = rollouts.map(PartitionRolloutResult::samples);
            for (int epoch = 1; epoch <= config.training().numEpochs(); epoch++) {
                sc.setJobDescription("iteration " + iteration + ": PPO epoch " + epoch + "/" + config.training().numEpochs());
                sparkNet.fitMultiDataSet(samples.mapPartitions(new EpochMinibatches(config.run().seed(), iteration, epoch,
                        config.training().minibatchSize()), true));
            }
            long trainEnd = System.nanoTime();
            requireFinite(sparkNet.getNetwork(), iteration);

            Broadcast<PolicyParameters> updated = sc.broadcast(PolicyParameters.of(sparkNet.getNetwork()));
            sc.setJobDescription("iteration " + iteration + ": update diagnostics");
            TrainingDiagnostics diagnostics = measure(samples, updated);
            rollouts.unpersist(false);
            policy.unpersist(false);
            policy = updated;
            long diagnosticsEnd = System.nanoTime();

            states = new ArrayList<>();
            ExplainedVariance explainedVariance = new ExplainedVariance();
            List<long[]> finished = new ArrayList<>();
            int totalEnvs = numPartitions * config.rollout().envsPerPartition();
            for (RolloutSummary s : summaries) {
                states.add(s.nextState());
                explainedVariance.merge(s.explainedVariance());
                FinishedEpisodes e = s.episodes();
                for (int i = 0; i < e.count(); i++) {
                    finished.add(new long[] {e.step(i), s.nextState().partition(), i});
                }
            }
            finished.sort(Comparator.<long[]>comparingLong(a -> a[0]).thenComparingLong(a -> a[1])
                    .thenComparingLong(a -> a[2]));
            for (long[] f : finished) {
                FinishedEpisodes e = summaries.get((int) f[1]).episodes();
                episodes.add(steps + (f[0] + 1) * totalEnvs, e.episodeReturn((int) f[2]), e.length((int) f[2]));
            }
            steps += config.batchSize();
            double elapsed = elapsedBefore + (System.nanoTime() - startNanos) / 1e9;
            double iterationSeconds = (diagnosticsEnd - iterationStart) / 1e9;

            Map<String, Double> row = new LinkedHashMap<>();
            row.put(MetricKeys.ITERATION, (double) iteration);
            row.put(MetricKeys.TOTAL_TIMESTEPS, (double) steps);
            row.put(MetricKeys.FPS, config.batchSize() / iterationSeconds);
            row.put(MetricKeys.TIME_ELAPSED, elapsed);
            row.put(MetricKeys.ROLLOUT_SECONDS, (rolloutEnd - iterationStart) / 1e9);
            row.put(MetricKeys.TRAIN_SECONDS, (trainEnd - rolloutEnd) / 1e9);
            row.put(MetricKeys.DIAGNOSTICS_SECONDS, (diagnosticsEnd - trainEnd) / 1e9);
            row.put(MetricKeys.EP_REW_MEAN, episodes.meanReturn(EPISODE_WINDOW));
            row.put(MetricKeys.EP_REW_MEAN_20, episodes.meanReturn(SOLVED_WINDOW));
            row.put(MetricKeys.EP_LEN_MEAN, episodes.meanLength(EPISODE_WINDOW));
            row.put(MetricKeys.EPISODES, (double) episodes.count());
            row.put(MetricKeys.APPROX_KL, diagnostics.approxKl());
            row.put(MetricKeys.CLIP_FRACTION, diagnostics.clipFraction());
            row.put(MetricKeys.ENTROPY_LOSS, -diagnostics.entropy());
            row.put(MetricKeys.POLICY_GRADIENT_LOSS, diagnostics.policyLoss());
            row.put(MetricKeys.VALUE_LOSS, diagnostics.valueLoss());
            row.put(MetricKeys.EXPLAINED_VARIANCE, explainedVariance.value());
            row.put(MetricKeys.LEARNING_RATE, learningRate);
            row.put(MetricKeys.LOSS, sparkNet.getScore());
            metrics.append(row);
            episodes.write();

            if (iteration % config.run().checkpointInterval() == 0 || iteration == numIterations) {
                checkpoints.save(new Checkpoint(iteration, steps, elapsed, sparkNet.getNetwork(), states),
                        config.envId(), config.run().keepCheckpoints());
            }
            out.println(ProgressLine.format(iteration, numIterations, steps, config.run().totalTimesteps(), row,
                    (System.nanoTime() - startNanos) / 1e9 / (iteration - done)));
            out.flush();
        }
        policy.unpersist(false);
        run.write(FINAL_MODEL, CheckpointStore.modelBytes(sparkNet.getNetwork()));
        return sparkNet.getNetwork();
    }

    private TrainingDiagnostics measure(JavaRDD<TrainingSamples> samples, Broadcast<PolicyParameters> updated) {
        double clipRange = config.training().clipRange();
        boolean normalize = config.training().normalizeAdvantages();
        List<TrainingDiagnostics> parts = samples.map(s -> ExecutorNetworks.withNetwork(updated.value(),
                n -> TrainingDiagnostics.measure(n, s, clipRange, normalize))).collect();
        TrainingDiagnostics total = new TrainingDiagnostics();
        parts.forEach(total::merge);
        return total;
    }

    private static void requireFinite(ComputationGraph net, int iteration) {
        double[] params = net.params().toDoubleVector();
        for (int i = 0; i < params.length; i++) {
            if (!Double.isFinite(params[i])) {
                throw new TrainingFailure("iteration " + iteration + ": parameter " + i + " of the network is "
                        + params[i] + " after the PPO epochs; the last checkpoint is left intact");
            }
        }
        if (!Double.isFinite(net.score())) {
            throw new TrainingFailure("iteration " + iteration + ": the training loss is " + net.score()
                    + "; the last checkpoint is left intact");
        }
    }
}
