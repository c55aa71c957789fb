package org.sparkppo.cli;

import java.util.Arrays;
import java.util.stream.DoubleStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.sparkppo.config.BadInputException;
import org.sparkppo.env.EnvFamily;
import org.sparkppo.io.ModelZip;
import org.sparkppo.io.NormalizationJson;
import org.sparkppo.io.RunDirectory;
import org.sparkppo.normalize.NormalizationStats;
import org.sparkppo.normalize.ObservationNormalizer;
import org.sparkppo.normalize.RunningMeanStd;
import org.sparkppo.policy.ActionDistributions;
import org.sparkppo.train.PpoTrainer;

/**
 * A finished run's trained model ({@code model.zip}) with its environment and observation
 * normalization ({@code normalization.json}), as {@code evaluate} and {@code export} read them:
 * anything missing, damaged or holding values training never writes is bad input naming the file.
 *
 * @param modelFile the model's path, for messages
 */
record TrainedModel(SavedRun saved, EnvFamily family, ComputationGraph net, ObservationNormalizer normalizer,
                    String modelFile) {

    static TrainedModel load(SavedRun saved) {
        RunDirectory run = saved.run();
        EnvFamily family = saved.registry().family(saved.config().envId());
        String modelFile = run.root() + "/" + PpoTrainer.FINAL_MODEL;
        byte[] model = run.read(PpoTrainer.FINAL_MODEL).orElseThrow(() -> new BadInputException(
                "--run-dir: expected a trained model at " + modelFile + ", found none (has the run finished?)"));
        int observationDim = family.spec().observationSpace().flatDim();
        ComputationGraph net = ModelZip.read(model, modelFile, observationDim,
                ActionDistributions.forSpace(family.spec().actionSpace()).paramWidth());
        requireFinite(modelFile, "parameters", net.params().toDoubleVector());
        String statsFile = run.root() + "/" + NormalizationJson.FILE;
        NormalizationStats stats = NormalizationJson.fromBytes(run.read(NormalizationJson.FILE).orElseThrow(
                () -> new BadInputException("--run-dir: expected the run's normalization statistics at " + statsFile
                        + ", found none")), statsFile, observationDim);
        requireUsable(statsFile + " observations", stats.observations());
        requireUsable(statsFile + " returns", stats.returns());
        return new TrainedModel(saved, family, net, stats.observationNormalizer(saved.config().normalize()),
                modelFile);
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
