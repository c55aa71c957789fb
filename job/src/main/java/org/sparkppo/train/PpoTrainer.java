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
import org.sparkppo.config.PpoConfig;
import org.sparkppo.config.AdvantageScope;
import org.sparkppo.env.EnvDynamics;
import org.sparkppo.env.VectorEnv;
import org.sparkppo.io.Checkpoint;
import org.sparkppo.io.CheckpointStore;
import org.sparkppo.io.NormalizationJson;
import org.sparkppo.io.RunDirectory;
import org.sparkppo.metrics.EpisodeLog;
import org.sparkppo.metrics.MetricKeys;
import org.sparkppo.metrics.MetricsLog;
import org.sparkppo.model.ActorCriticNetwork;
import org.sparkppo.eval.DeterministicEvaluation;
import org.sparkppo.eval.EvaluationObserver;
import org.sparkppo.normalize.NormalizationStats;
import org.sparkppo.normalize.ObservationNormalizer;
import org.sparkppo.partition.PartitionState;
import org.sparkppo.policy.ActionDistributions;
import org.sparkppo.report.RunReportWriter;
import org.sparkppo.rollout.FinishedEpisodes;
import org.sparkppo.spark.AdvantageMoments;
import org.sparkppo.spark.AdvantageTransform;
import org.sparkppo.spark.EpochMinibatches;
import org.sparkppo.spark.EpochUpdates;
import org.sparkppo.spark.ExecutorNetworks;
import org.sparkppo.spark.ExplainedVariance;
import org.sparkppo.spark.GradientSync;
import org.sparkppo.spark.IterationCoefficients;
import org.sparkppo.spark.ParameterAveragingEpochs;
import org.sparkppo.spark.PartitionRollout;
import org.sparkppo.spark.PartitionRolloutResult;
import org.sparkppo.spark.PartitionRolloutResult.RolloutSummary;
import org.sparkppo.spark.PolicyParameters;
import org.sparkppo.spark.TrainingDiagnostics;
import org.sparkppo.spark.TrainingSamples;

/**
 * Driver-only: synchronous PPO on Spark (DESIGN.md, "One training iteration"). Each iteration
 * broadcasts the parameters, runs every environment partition's rollout and GAE as one Spark task
 * each, keeps the training samples cached on the executors, runs up to K epochs of updates over
 * them (DL4J parameter averaging or exact gradient synchronization, {@code training.sync}; fewer
 * epochs when {@code training.targetKl} stops them), measures the update,
 * adapts the KL coefficient, merges the normalization statistics, evaluates when due, and logs
 * and checkpoints on the driver.
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

    /** The checkpoint a run resumes from, checked before any Spark context exists; empty for a new run. */
    public static Optional<Checkpoint> resumePoint(PpoConfig config, EnvDynamics dynamics, RunDirectory run) {
        return new CheckpointStore(run).latest(config.envId(), dynamics.spec().observationSpace().flatDim(),
                ActionDistributions.forSpace(dynamics.spec().actionSpace()).paramWidth());
    }

    /** Trains to {@code run.totalTimesteps} from {@code resumed}, or from scratch when it is empty. */
    public ComputationGraph train(Optional<Checkpoint> resumed) {
        int observationDim = dynamics.spec().observationSpace().flatDim();
        int numPartitions = config.rollout().numPartitions();
        CheckpointStore checkpoints = new CheckpointStore(run);
        Checkpoint start = resumed.orElseGet(() -> initialState(observationDim));
        if (start.iteration() > 0) {
            out.printf("resuming run %s from iteration %d (%d steps)%n", run.root(), start.iteration(),
                    start.totalTimesteps());
        }
        ComputationGraph net = start.network();
        List<PartitionState> states = start.partitionStates();
        int done = start.iteration();
        long steps = start.totalTimesteps();
        double elapsedBefore = start.elapsedSeconds();
        double klCoef = start.klCoef();
        NormalizationStats normalization = start.normalization();
        // Rows a killed run wrote after its last checkpoint are dropped: they are about to be recomputed.
        MetricsLog metrics = MetricsLog.resume(run, done);
        EpisodeLog episodes = EpisodeLog.resume(run, steps);

        EpochUpdates updates = switch (config.training().sync()) {
            case PARAMETER_AVERAGING -> new ParameterAveragingEpochs(sc, net, config);
            case GRADIENT -> new GradientSync(sc, net, config.minibatchesPerPartition(),
                    config.training().maxGradNorm());
        };
        int numIterations = config.numIterations();
        int numEpochs = config.training().numEpochs();
        long startNanos = System.nanoTime();
        ProgressLine progressLine = ProgressLine.forThisProcess();
        Broadcast<PolicyParameters> policy = sc.broadcast(PolicyParameters.of(updates.network()));
        for (int iteration = done + 1; iteration <= numIterations; iteration++) {
            long iterationStart = System.nanoTime();
            double progress = (iteration - 1.0) / numIterations;
            double learningRate = config.training().annealLearningRate()
                    ? ActorCriticNetwork.learningRateSchedule(config).valueAtPpoIteration(iteration)
                    : config.training().learningRate();
            double clipRange = config.training().clipRange() * (config.training().annealClipRange() ? 1 - progress : 1);

            sc.setJobDescription("iteration " + iteration + ": rollout + GAE");
            JavaRDD<PartitionRolloutResult> rollouts = sc.parallelize(states, numPartitions)
                    .mapPartitions(new PartitionRollout(policy, PartitionRollout.Settings.of(config, normalization), iteration))
                    .persist(StorageLevel.MEMORY_ONLY());
            List<RolloutSummary> summaries = new ArrayList<>(rollouts.map(PartitionRolloutResult::summary).collect());
            summaries.sort(Comparator.comparingInt(s -> s.nextState().partition()));
            long rolloutEnd = System.nanoTime();
            normalization = normalization.merge(summaries.stream().map(RolloutSummary::observationStats).toList(),
                    summaries.stream().map(RolloutSummary::returnStats).toList());
            IterationCoefficients coefficients = new IterationCoefficients(clipRange,
                    config.training().objective().penalized() ? klCoef : 0.0, advantageTransform(summaries));

            JavaRDD<TrainingSamples> samples = rollouts.map(PartitionRolloutResult::samples);
            TrainingDiagnostics diagnostics = null;
            Broadcast<PolicyParameters> updated = null;
            int epochsRun = 0;
            while (epochsRun < numEpochs) {
                epochsRun++;
                sc.setJobDescription("iteration " + iteration + ": PPO epoch " + epochsRun + "/" + numEpochs);
                updates.fit(samples, new EpochMinibatches(config.run().seed(), iteration, epochsRun,
                        config.training().minibatchSize(), coefficients));
                if (config.training().targetKl() > 0 && epochsRun < numEpochs) {
                    requireFinite(updates.network(), iteration);
                    updated = sc.broadcast(PolicyParameters.of(updates.network()));
                    sc.setJobDescription("iteration " + iteration + ": KL after epoch " + epochsRun);
                    diagnostics = measure(samples, updated, coefficients);
                    if (diagnostics.approxKl() > 1.5 * config.training().targetKl()) {
                        skipRemainingUpdates(updates.network(), iteration);
                        break;
                    }
                    updated.unpersist(false);
                    updated = null;
                    diagnostics = null;
                }
            }
            long trainEnd = System.nanoTime();
            requireFinite(updates.network(), iteration);

            if (diagnostics == null) {
                updated = sc.broadcast(PolicyParameters.of(updates.network()));
                sc.setJobDescription("iteration " + iteration + ": update diagnostics");
                diagnostics = measure(samples, updated, coefficients);
            }
            rollouts.unpersist(false);
            policy.unpersist(false);
            policy = updated;
            long diagnosticsEnd = System.nanoTime();
            double iterationKlCoef = coefficients.klCoef();
            if (config.training().objective().penalized()) {
                klCoef = AdaptiveKlCoefficient.next(klCoef, diagnostics.kl(), config.training().klPenaltyTarget());
            }

            states = summaries.stream().map(RolloutSummary::nextState).toList();
            recordEpisodes(summaries, steps, episodes);
            steps += config.batchSize();
            double elapsed = elapsedBefore + (System.nanoTime() - startNanos) / 1e9;
            PhaseTimes phases = new PhaseTimes(iterationStart, rolloutEnd, trainEnd, diagnosticsEnd);
            Map<String, Double> row = metricsRow(iteration, steps, elapsed, phases, learningRate, episodes,
                    diagnostics, summaries, updates.score());
            row.put(MetricKeys.CLIP_RANGE, clipRange);
            row.put(MetricKeys.KL, diagnostics.kl());
            row.put(MetricKeys.KL_COEF, iterationKlCoef);
            row.put(MetricKeys.EPOCHS, (double) epochsRun);
            if (config.run().evalInterval() > 0
                    && (iteration % config.run().evalInterval() == 0 || iteration == numIterations)) {
                row.put(MetricKeys.EVAL_MEAN_REWARD, DeterministicEvaluation.run(updates.network(),
                        normalization.observationNormalizer(config.normalize()), dynamics,
                        config.run().evalEpisodes(), config.run().seed(), iteration, EvaluationObserver.NONE)
                        .meanReturn());
            }
            metrics.append(row);
            episodes.write();

            if (iteration % config.run().checkpointInterval() == 0 || iteration == numIterations) {
                checkpoints.save(new Checkpoint(iteration, steps, elapsed, updates.network(), states, klCoef,
                        normalization), config.envId(), config.run().keepCheckpoints());
            }
            out.print(progressLine.render(iteration, numIterations, steps, config.run().totalTimesteps(), row,
                    (System.nanoTime() - startNanos) / 1e9 / (iteration - done)));
            out.flush();
        }
        policy.unpersist(false);
        run.write(NormalizationJson.FILE, NormalizationJson.toBytes(normalization));
        run.write(FINAL_MODEL, CheckpointStore.modelBytes(updates.network()));
        RunReportWriter.write(run, config.envId(), config.rendered(), dynamics.spec().rewardThreshold(),
                metrics.rows(), episodes);
        return updates.network();
    }

    /** The batch-scope advantage normalization from the partitions' moments, or the identity. */
    private AdvantageTransform advantageTransform(List<RolloutSummary> summaries) {
        if (config.training().advantageNormalization() != AdvantageScope.BATCH) {
            return AdvantageTransform.identity();
        }
        AdvantageMoments batch = new AdvantageMoments();
        summaries.forEach(s -> batch.merge(s.advantageMoments()));
        return AdvantageTransform.of(batch);
    }

    /**
     * After an early stop, advances the optimizer's step counter to the end of the iteration, so the
     * learning-rate schedule (which counts K × minibatches steps per iteration) stays on PPO
     * iterations. Adam's bias correction reads the same counter, as if the skipped steps had been
     * taken with zero gradient.
     */
    private void skipRemainingUpdates(ComputationGraph net, int iteration) {
        int perIteration = config.training().numEpochs() * config.minibatchesPerPartition();
        net.getConfiguration().setIterationCount(iteration * perIteration);
    }

    /** Iteration 0: fresh orthogonally initialized network and freshly reset partitions. */
    private Checkpoint initialState(int observationDim) {
        List<PartitionState> states = new ArrayList<>();
        for (int p = 0; p < config.rollout().numPartitions(); p++) {
            states.add(PartitionState.of(p, VectorEnv.create(dynamics, config.rollout().envsPerPartition(),
                    config.run().seed(), p)));
        }
        return new Checkpoint(0, 0, 0, ActorCriticNetwork.create(config, observationDim,
                dynamics.spec().actionSpace()), states, config.training().klPenaltyInitialCoef(),
                NormalizationStats.initial(config.normalize(), observationDim));
    }

    /**
     * Appends the episodes that ended in this iteration, ordered by (rollout step, partition, order
     * within the partition); an episode ending at rollout step t is at global step
     * {@code stepsBefore + (t + 1) × total envs}, as CleanRL counts.
     */
    private void recordEpisodes(List<RolloutSummary> summaries, long stepsBefore, EpisodeLog episodes) {
        int totalEnvs = config.rollout().numPartitions() * config.rollout().envsPerPartition();
        List<int[]> finished = new ArrayList<>();
        for (int p = 0; p < summaries.size(); p++) {
            FinishedEpisodes e = summaries.get(p).episodes();
            for (int i = 0; i < e.count(); i++) {
                finished.add(new int[] {e.step(i), p, i});
            }
        }
        finished.sort(Comparator.<int[]>comparingInt(a -> a[0]).thenComparingInt(a -> a[1])
                .thenComparingInt(a -> a[2]));
        for (int[] f : finished) {
            FinishedEpisodes e = summaries.get(f[1]).episodes();
            episodes.add(stepsBefore + (f[0] + 1L) * totalEnvs, e.episodeReturn(f[2]), e.length(f[2]));
        }
    }

    /** {@code System.nanoTime()} at the start of an iteration and at the end of each of its phases. */
    private record PhaseTimes(long start, long rolloutEnd, long trainEnd, long diagnosticsEnd) {

        double seconds(long from, long to) {
            return (to - from) / 1e9;
        }
    }

    private Map<String, Double> metricsRow(int iteration, long steps, double elapsed, PhaseTimes t,
                                           double learningRate, EpisodeLog episodes, TrainingDiagnostics diagnostics,
                                           List<RolloutSummary> summaries, double loss) {
        ExplainedVariance explainedVariance = new ExplainedVariance();
        summaries.forEach(s -> explainedVariance.merge(s.explainedVariance()));
        Map<String, Double> row = new LinkedHashMap<>();
        row.put(MetricKeys.ITERATION, (double) iteration);
        row.put(MetricKeys.TOTAL_TIMESTEPS, (double) steps);
        row.put(MetricKeys.FPS, config.batchSize() / t.seconds(t.start(), t.diagnosticsEnd()));
        row.put(MetricKeys.TIME_ELAPSED, elapsed);
        row.put(MetricKeys.ROLLOUT_SECONDS, t.seconds(t.start(), t.rolloutEnd()));
        row.put(MetricKeys.TRAIN_SECONDS, t.seconds(t.rolloutEnd(), t.trainEnd()));
        row.put(MetricKeys.DIAGNOSTICS_SECONDS, t.seconds(t.trainEnd(), t.diagnosticsEnd()));
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
        row.put(MetricKeys.LOSS, loss);
        return row;
    }

    private TrainingDiagnostics measure(JavaRDD<TrainingSamples> samples, Broadcast<PolicyParameters> updated,
                                        IterationCoefficients coefficients) {
        boolean perPartition = config.training().advantageNormalization() == AdvantageScope.MINIBATCH;
        List<TrainingDiagnostics> parts = samples.map(s -> ExecutorNetworks.withNetwork(updated.value(),
                n -> TrainingDiagnostics.measure(n, s, coefficients, perPartition))).collect();
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
