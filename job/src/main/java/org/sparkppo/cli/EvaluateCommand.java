package org.sparkppo.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.stream.DoubleStream;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.sparkppo.config.BadInputException;
import org.sparkppo.config.PpoConfig;
import org.sparkppo.config.RunSettings;
import org.sparkppo.env.EnvDynamics;
import org.sparkppo.env.EnvRegistry;
import org.sparkppo.eval.DeterministicEvaluation;
import org.sparkppo.eval.EpisodeResults;
import org.sparkppo.eval.EvaluationObserver;
import org.sparkppo.io.ModelZip;
import org.sparkppo.io.NormalizationJson;
import org.sparkppo.normalize.NormalizationStats;
import org.sparkppo.normalize.RunningMeanStd;
import org.sparkppo.policy.ActionDistributions;
import org.sparkppo.io.RunDirectory;
import org.sparkppo.render.EpisodeAnimation;
import org.sparkppo.render.EpisodeRecorder;
import org.sparkppo.render.FrameDrawer;
import org.sparkppo.render.FrameDrawers;
import org.sparkppo.render.GifTarget;
import org.sparkppo.train.PpoTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code evaluate}: deterministic episodes of a finished run's model, on freshly seeded environments. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Play deterministic (most probable action) episodes of a run's trained model and print the returns.")
final class EvaluateCommand implements Callable<Integer> {
    /** The most episodes one GIF draws: each 500-step CartPole episode adds about 1.3 MB. */
    private static final int MAX_RENDER_EPISODES = 100;

    @Option(names = "--run-dir", required = true, paramLabel = "URI",
            description = "The run directory (<output-dir>/<run-id>) holding config.conf and model.zip.")
    String runDir;

    @Option(names = "--episodes", defaultValue = "10", paramLabel = "N", description = "Episodes (default: ${DEFAULT-VALUE}).")
    int episodes;

    @Option(names = "--round", defaultValue = "0", paramLabel = "K",
            description = "Which evaluation stream of the run's seed resets the environments (default: ${DEFAULT-VALUE}).")
    int round;

    @Option(names = "--render", paramLabel = "FILE.gif",
            description = "Also write an animated GIF of the first episodes to this local file.")
    String render;

    @Option(names = "--render-episodes", defaultValue = "1", paramLabel = "K",
            description = "How many episodes --render draws, one after another, 1..--episodes and at most "
                    + MAX_RENDER_EPISODES + " (default: ${DEFAULT-VALUE}).")
    int renderEpisodes;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (episodes < 1 || episodes > RunSettings.MAX_EVAL_EPISODES) {
            throw new BadInputException("--episodes: expected an integer in 1.." + RunSettings.MAX_EVAL_EPISODES
                    + " (the episodes run side by side, one environment each), found " + episodes);
        }
        if (round < 0) {
            throw new BadInputException("--round: expected an integer >= 0 (an evaluation stream of the run's seed), "
                    + "found " + round);
        }
        if (renderEpisodes < 1 || renderEpisodes > episodes) {
            throw new BadInputException("--render-episodes: expected an integer in 1..--episodes (" + episodes
                    + "), found " + renderEpisodes);
        }
        if (renderEpisodes > MAX_RENDER_EPISODES) {
            throw new BadInputException("--render-episodes: expected at most " + MAX_RENDER_EPISODES + " episodes in "
                    + "one GIF (a 500-step CartPole episode is about 1.3 MB), found " + renderEpisodes);
        }
        GifTarget gif = render == null ? null : GifTarget.of(render);
        PrintWriter out = spec.commandLine().getOut();
        SavedRun savedRun = SavedRun.open(runDir);
        RunDirectory run = savedRun.run();
        EnvRegistry registry = savedRun.registry();
        PpoConfig config = savedRun.config();
        EnvDynamics dynamics = registry.dynamics(config.envId());
        FrameDrawer drawer = gif == null ? null : FrameDrawers.forEnv(config.envId());
        String modelFile = run.root() + "/" + PpoTrainer.FINAL_MODEL;
        byte[] model = run.read(PpoTrainer.FINAL_MODEL).orElseThrow(() -> new BadInputException(
                "--run-dir: expected a trained model at " + modelFile + ", found none (has the run finished?)"));
        int observationDim = dynamics.spec().observationSpace().flatDim();
        ComputationGraph net = ModelZip.read(model, modelFile, observationDim,
                ActionDistributions.forSpace(dynamics.spec().actionSpace()).paramWidth());
        requireFinite(modelFile, "parameters", net.params().toDoubleVector());
        String statsFile = run.root() + "/" + NormalizationJson.FILE;
        NormalizationStats stats = NormalizationJson.fromBytes(run.read(NormalizationJson.FILE).orElseThrow(
                () -> new BadInputException("--run-dir: expected the run's normalization statistics at " + statsFile
                        + ", found none")), statsFile, observationDim);
        requireUsable(statsFile + " observations", stats.observations());
        requireUsable(statsFile + " returns", stats.returns());

        EpisodeRecorder recorder = new EpisodeRecorder(renderEpisodes);
        EpisodeResults results = DeterministicEvaluation.run(net, stats.observationNormalizer(config.normalize()),
                dynamics, episodes, config.run().seed(), round, gif == null ? EvaluationObserver.NONE : recorder);
        for (int i = 0; i < episodes; i++) {
            out.printf("episode %d: return %.2f, length %d%n", i + 1, results.returns()[i], results.lengths()[i]);
        }
        out.printf("%s: mean return %.2f ± %.2f over %d deterministic episodes%n", config.envId(),
                results.meanReturn(), results.stdReturn(), episodes);
        if (gif != null) {
            EpisodeAnimation.Written written = EpisodeAnimation.write(gif, drawer, recorder.episodes());
            out.printf("wrote %s (%d frames, %dx%d)%n", render, written.frames(), written.width(), written.height());
        }
        return PpoMain.EXIT_OK;
    }

    /** Training stops at the first non-finite value, so a saved file holding one was damaged afterwards. */
    private static void requireFinite(String file, String what, double[] values) {
        long bad = Arrays.stream(values).filter(v -> !Double.isFinite(v)).count();
        if (bad > 0) {
            throw new BadInputException(file + ": expected finite " + what + ", found " + bad + " of " + values.length
                    + " NaN or infinite (the file was changed after training wrote it)");
        }
    }

    /** Running statistics: a finite count, mean and variance, the last two >= 0 (null when not normalized). */
    private static void requireUsable(String what, RunningMeanStd stats) {
        if (stats == null) {
            return;
        }
        requireFinite(what, "count, mean and variance", DoubleStream.concat(DoubleStream.of(stats.count()),
                DoubleStream.concat(Arrays.stream(stats.mean()), Arrays.stream(stats.var()))).toArray());
        if (stats.count() < 0 || Arrays.stream(stats.var()).anyMatch(v -> v < 0)) {
            throw new BadInputException(what + ": expected a count and variances >= 0, found count " + stats.count()
                    + " and variances " + Arrays.toString(stats.var()));
        }
    }
}
