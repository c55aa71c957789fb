package org.sparkppo.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.sparkppo.config.BadInputException;
import org.sparkppo.config.PpoConfig;
import org.sparkppo.config.RunSettings;
import org.sparkppo.env.EnvFamily;
import org.sparkppo.eval.DeterministicEvaluation;
import org.sparkppo.eval.EpisodeResults;
import org.sparkppo.eval.EvaluationObserver;
import org.sparkppo.eval.OnnxRuntimePolicy;
import org.sparkppo.io.LocalTarget;
import org.sparkppo.render.EpisodeAnimation;
import org.sparkppo.render.EpisodeRecorder;
import org.sparkppo.render.FrameDrawer;
import org.sparkppo.render.FrameDrawers;
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

    @Option(names = "--onnx", paramLabel = "FILE.onnx",
            description = "Play this ONNX export of the run's policy (see export) through ONNX Runtime instead of "
                    + "model.zip; ONNX Runtime's jar must be on the class path.")
    String onnx;

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
        LocalTarget gif = render == null ? null : LocalTarget.of("--render", render);
        byte[] onnxModel = onnx == null ? null : readOnnx(onnx);
        PrintWriter out = spec.commandLine().getOut();
        SavedRun savedRun = SavedRun.open(runDir);
        PpoConfig config = savedRun.config();
        FrameDrawer drawer = gif == null ? null : FrameDrawers.forEnv(config.envId());
        EpisodeRecorder recorder = new EpisodeRecorder(renderEpisodes);
        EvaluationObserver observer = gif == null ? EvaluationObserver.NONE : recorder;
        EpisodeResults results;
        if (onnxModel == null) {
            TrainedModel trained = TrainedModel.load(savedRun);
            results = DeterministicEvaluation.run(trained.net(), trained.normalizer(), trained.family(), episodes,
                    config.run().seed(), round, observer);
        } else {
            EnvFamily family = savedRun.registry().family(config.envId());
            try (OnnxRuntimePolicy policy = OnnxRuntimePolicy.load(onnxModel, onnx,
                    family.spec().observationSpace().flatDim(), family.spec().actionSpace(), family.masksActions())) {
                results = DeterministicEvaluation.run(policy, family, episodes, config.run().seed(), round, observer);
            }
        }
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

    /**
     * Whether ONNX Runtime's Java API is on the class path (it is {@code provided}, not in the job's
     * jar); asked by name, as {@link OnnxRuntimePolicy} cannot even be linked without it.
     */
    private static boolean onnxRuntimeAvailable() {
        try {
            Class.forName("ai.onnxruntime.OrtSession", false, EvaluateCommand.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** The bytes of the {@code --onnx} file; checked before anything else is read or played. */
    private static byte[] readOnnx(String path) {
        if (!onnxRuntimeAvailable()) {
            throw new BadInputException("--onnx: expected ONNX Runtime's Java API on the class path, found none; "
                    + "give its jar to the job, e.g. ./submit.sh --jars onnxruntime-1.22.0.jar evaluate ... "
                    + "(or --packages com.microsoft.onnxruntime:onnxruntime:1.22.0)");
        }
        try {
            return Files.readAllBytes(Path.of(path));
        } catch (IOException | InvalidPathException e) {
            throw new BadInputException("--onnx: expected a readable ONNX model file, found '" + path + "' ("
                    + e + ")", e);
        }
    }
}
