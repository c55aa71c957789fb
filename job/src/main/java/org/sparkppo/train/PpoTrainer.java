package org.sparkppo.train;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkppo.config.PpoConfig;
import org.sparkppo.env.EnvFamily;
import org.sparkppo.env.VectorEnv;
import org.sparkppo.eval.DeterministicEvaluation;
import org.sparkppo.eval.EvaluationObserver;
import org.sparkppo.io.Checkpoint;
import org.sparkppo.io.CheckpointStore;
import org.sparkppo.io.NormalizationJson;
import org.sparkppo.io.RunDirectory;
import org.sparkppo.loss.FlatArrays;
import org.sparkppo.metrics.EpisodeLog;
import org.sparkppo.metrics.MetricKeys;
import org.sparkppo.metrics.MetricsLog;
import org.sparkppo.metrics.TensorBoardLog;
import org.sparkppo.model.ActorCriticNetwork;
import org.sparkppo.model.ActorCriticOnnx;
import org.sparkppo.normalize.NormalizationStats;
import org.sparkppo.partition.PartitionState;
import org.sparkppo.report.RunReportWriter;
import org.sparkppo.rollout.FinishedEpisodes;
import org.sparkppo.stage.ExplainedVariance;
import org.sparkppo.stage.PartitionResult;
import org.sparkppo.stage.UpdateDiagnostics;

/**
 * Driver-only: synchronous PPO on Spark (DESIGN.md, "One training iteration: one Spark stage"). Each
 * iteration is one {@link IterationStage}: every partition's task rolls out, computes GAE and runs the
 * K epochs of updates, synchronized as {@code training.sync} says. The driver then adopts the
 * replicas' model (partition 0's, or their average for {@code iteration-averaging}), merges the
 * normalization statistics and diagnostics in partition order, adapts the KL coefficient, evaluates
 * when due, appends the logs, and checkpoints.
 */
public final class PpoTrainer {
    /** The trained model, written into the run directory when the run completes. */
    public static final String FINAL_MODEL = "model.zip";
    /** The trained policy as ONNX ({@link ActorCriticOnnx}), written beside {@link #FINAL_MODEL} when {@code run.exportOnnx}. */
    public static final String ONNX_MODEL = "policy.onnx";
    private static final int EPISODE_WINDOW = 100;
    private static final int SOLVED_WINDOW = 20;

    private final JavaSparkContext sc;
    private final PpoConfig config;
    private final EnvFamily family;
    private final RunDirectory run;
    private final PrintWriter out;

    public PpoTrainer(JavaSparkContext sc, PpoConfig config, EnvFamily family, RunDirectory run, PrintWriter out) {
        this.sc = sc;
        this.config = config;
        this.family = family;
        this.run = run;
        this.out = out;
    }

    /** The checkpoint a run resumes from, checked before any Spark context exists; empty for a new run. */
    public static Optional<Checkpoint> resumePoint(PpoConfig config, EnvFamily family, RunDirectory run) {
        return new CheckpointStore(run, config).latest(family);
    }


    /** Trains to {@code run.totalTimesteps} from {@code start}: a resumed checkpoint or {@link #initialState}. */
    public ComputationGraph train(Checkpoint start) {
        CheckpointStore checkpoints = new CheckpointStore(run, config);
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
        Optional<TensorBoardLog> tensorboard = config.run().tensorboard()
                ? Optional.of(TensorBoardLog.resume(run, steps, episodes, config.rendered())) : Optional.empty();

        int numIterations = config.numIterations();
        long startNanos = System.nanoTime();
        ProgressLine progressLine = ProgressLine.forThisProcess();
        try (IterationStage stage = new IterationStage(sc, config, net)) {
            for (int iteration = done + 1; iteration <= numIterations; iteration++) {
                long iterationStart = System.nanoTime();
                List<PartitionResult> results = stage.run(iteration, net, states, normalization, klCoef);
                double stageSeconds = (System.nanoTime() - iterationStart) / 1e9;
                adoptModel(net, results);
                UpdateDiagnostics diagnostics = mergeDiagnostics(results);
                requireFinite(net, diagnostics, iteration);
                double iterationKlCoef = config.training().objective().penalized() ? klCoef : 0.0;
                if (config.training().objective().penalized()) {
                    klCoef = AdaptiveKlCoefficient.next(klCoef, diagnostics.finalKl(),
                            config.training().klPenaltyTarget());
                }
                normalization = normalization.merge(results.stream().map(PartitionResult::observationStats).toList(),
                        results.stream().map(PartitionResult::returnStats).toList());
                states = results.stream().map(PartitionResult::nextState).toList();
                recordEpisodes(results, steps, episodes);
                steps += config.batchSize();
                double elapsed = elapsedBefore + (System.nanoTime() - startNanos) / 1e9;
                Map<String, Double> row = metricsRow(iteration, steps, elapsed, stageSeconds, episodes, diagnostics,
                        results);
                row.put(MetricKeys.KL_COEF, iterationKlCoef);
                if (config.run().evalInterval() > 0
                        && (iteration % config.run().evalInterval() == 0 || iteration == numIterations)) {
                    row.put(MetricKeys.EVAL_MEAN_REWARD, DeterministicEvaluation.run(net,
                            normalization.observationNormalizer(config.normalize()), family,
                            config.run().evalEpisodes(), config.run().seed(), iteration, EvaluationObserver.NONE)
                            .meanReturn());
                }
                metrics.append(row);
                episodes.write();
                tensorboard.ifPresent(events -> events.write(row, episodes));

                if (iteration % config.run().checkpointInterval() == 0 || iteration == numIterations) {
                    checkpoints.save(new Checkpoint(iteration, steps, elapsed, net, states, klCoef, normalization));
                }
                out.print(progressLine.render(iteration, numIterations, steps, config.run().totalTimesteps(), row,
                        (System.nanoTime() - startNanos) / 1e9 / (iteration - done)));
                out.flush();
            }
        }
        run.write(NormalizationJson.FILE, NormalizationJson.toBytes(normalization));
        run.write(FINAL_MODEL, CheckpointStore.modelBytes(net));
        if (config.run().exportOnnx()) {
            run.write(ONNX_MODEL, ActorCriticOnnx.export(net, normalization.observationNormalizer(config.normalize()),
                    family.spec().actionSpace(), family.masksActions(), config.envId(), run.root() + "/" + FINAL_MODEL));
        }
        RunReportWriter.write(run, config.envId(), config.rendered(), family.spec().rewardThreshold(),
                metrics.rows(), episodes);
        return net;
    }

    /**
     * Makes the driver's network the iteration's result: partition 0's replica where the partitions
     * synchronized (all replicas are equal), else the mean of the replicas' parameters and Adam state
     * summed in partition order (DL4J's parameter-averaging rule).
     */
    private static void adoptModel(ComputationGraph net, List<PartitionResult> results) {
        List<PartitionResult> models = results.stream().filter(PartitionResult::hasModel).toList();
        double[] parameters = models.get(0).parameters().clone();
        double[] adamState = models.get(0).adamState().clone();
        int optimizerSteps = models.get(0).optimizerSteps();
        for (PartitionResult r : models.subList(1, models.size())) {
            for (int i = 0; i < parameters.length; i++) {
                parameters[i] += r.parameters()[i];
            }
            for (int i = 0; i < adamState.length; i++) {
                adamState[i] += r.adamState()[i];
            }
            optimizerSteps = Math.max(optimizerSteps, r.optimizerSteps());
        }
        if (models.size() > 1) {
            for (int i = 0; i < parameters.length; i++) {
                parameters[i] /= models.size();
            }
            for (int i = 0; i < adamState.length; i++) {
                adamState[i] /= models.size();
            }
        }
        net.setParams(Nd4j.create(parameters, new long[] {1, parameters.length}, DataType.DOUBLE));
        net.getUpdater().getStateViewArray().assign(Nd4j.create(adamState, new long[] {1, adamState.length},
                DataType.DOUBLE));
        net.getConfiguration().setIterationCount(optimizerSteps);
    }

    /**
     * The partitions' diagnostics merged in partition order. The KL after the update is the batch's
     * from partition 0 where the partitions synchronized (each received the same sum), else the sum of
     * the partitions' own.
     */
    private UpdateDiagnostics mergeDiagnostics(List<PartitionResult> results) {
        UpdateDiagnostics total = new UpdateDiagnostics();
        boolean synchronizes = config.training().sync().synchronizesInsideStage();
        for (PartitionResult r : results) {
            total.merge(r.diagnostics());
            if (!synchronizes || r.partition() == 0) {
                total.addFinalKl(r.diagnostics());
            }
        }
        return total;
    }

    /** Iteration 0: fresh orthogonally initialized network and freshly reset partitions. */
    public static Checkpoint initialState(PpoConfig config, EnvFamily family) {
        int observationDim = family.spec().observationSpace().flatDim();
        List<PartitionState> states = new ArrayList<>();
        for (int p = 0; p < config.rollout().numPartitions(); p++) {
            states.add(PartitionState.of(p, family.create(config.rollout().envsPerPartition(),
                    config.run().seed(), p)));
        }
        return new Checkpoint(0, 0, 0, ActorCriticNetwork.create(config, observationDim,
                family.spec().actionSpace()), states, config.training().klPenaltyInitialCoef(),
                NormalizationStats.initial(config.normalize(), observationDim));
    }


    /**
     * Appends the episodes that ended in this iteration, ordered by (rollout step, partition, order
     * within the partition); an episode ending at rollout step t is at global step
     * {@code stepsBefore + (t + 1) × total envs}, as CleanRL counts.
     */
    private void recordEpisodes(List<PartitionResult> summaries, long stepsBefore, EpisodeLog episodes) {
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


    private Map<String, Double> metricsRow(int iteration, long steps, double elapsed, double stageSeconds,
                                           EpisodeLog episodes, UpdateDiagnostics diagnostics,
                                           List<PartitionResult> results) {
        ExplainedVariance explainedVariance = new ExplainedVariance();
        double rolloutSeconds = 0;
        double updateSeconds = 0;
        for (PartitionResult r : results) {
            explainedVariance.merge(r.explainedVariance());
            rolloutSeconds += r.rolloutNanos() / 1e9 / results.size();
            updateSeconds += r.updateNanos() / 1e9 / results.size();
        }
        Map<String, Double> row = new LinkedHashMap<>();
        row.put(MetricKeys.ITERATION, (double) iteration);
        row.put(MetricKeys.TOTAL_TIMESTEPS, (double) steps);
        row.put(MetricKeys.FPS, config.batchSize() / stageSeconds);
        row.put(MetricKeys.TIME_ELAPSED, elapsed);
        row.put(MetricKeys.ROLLOUT_SECONDS, rolloutSeconds);
        row.put(MetricKeys.TRAIN_SECONDS, updateSeconds);
        row.put(MetricKeys.STAGE_OVERHEAD_SECONDS, Math.max(0, stageSeconds - rolloutSeconds - updateSeconds));
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
        row.put(MetricKeys.LEARNING_RATE, config.learningRate(iteration));
        row.put(MetricKeys.LOSS, diagnostics.loss());
        row.put(MetricKeys.CLIP_RANGE, config.clipRange(iteration));
        row.put(MetricKeys.KL, diagnostics.finalKl());
        row.put(MetricKeys.EPOCHS, results.stream().mapToInt(r -> r.diagnostics().epochs()).average().orElse(0));
        return row;
    }

    /**
     * Fails the run (exit 1, the last checkpoint intact) when the update produced a non-finite
     * parameter or a non-finite quantity the trainer logs or applies.
     */
    private static void requireFinite(ComputationGraph net, UpdateDiagnostics d, int iteration) {
        double[] params = FlatArrays.rowMajor(net.params());
        for (int i = 0; i < params.length; i++) {
            if (!Double.isFinite(params[i])) {
                throw new TrainingFailure("iteration " + iteration + ": parameter " + i + " of the network is "
                        + params[i] + " after the PPO epochs; the last checkpoint is left intact");
            }
        }
        Map<String, Double> applied = new LinkedHashMap<>();
        applied.put(MetricKeys.LOSS, d.loss());
        applied.put(MetricKeys.APPROX_KL, d.approxKl());
        applied.put(MetricKeys.KL, d.finalKl());
        applied.put(MetricKeys.ENTROPY_LOSS, -d.entropy());
        applied.put(MetricKeys.POLICY_GRADIENT_LOSS, d.policyLoss());
        applied.put(MetricKeys.VALUE_LOSS, d.valueLoss());
        for (Map.Entry<String, Double> e : applied.entrySet()) {
            if (!Double.isFinite(e.getValue())) {
                throw new TrainingFailure("iteration " + iteration + ": " + e.getKey() + " is " + e.getValue()
                        + " after the PPO epochs; the last checkpoint is left intact");
            }
        }
    }
}
