package org.sparkppo.bench;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.sparkppo.config.PpoConfig;
import org.sparkppo.config.PpoConfigLoader;
import org.sparkppo.env.EnvRegistry;
import org.sparkppo.env.EnvSpec;
import org.sparkppo.loss.FlatArrays;
import org.sparkppo.model.ActorCriticForward;
import org.sparkppo.model.ActorCriticNetwork;
import org.sparkppo.normalize.NormalizationStats;
import org.sparkppo.partition.PartitionState;
import org.sparkppo.seed.SplitMix64;
import org.sparkppo.stage.PackedSamples;
import org.sparkppo.stage.PartitionRollout;
import org.sparkppo.stage.TrainingDataLayout;
import org.sparkppo.stage.TrainingSamples;

/**
 * What every measured variant computes the gradient of: the default CartPole actor-critic, one real
 * partition rollout of 4 × 128 steps (run by the trainer's plain-Java forward), and parameters moved away from the rollout policy's (so that
 * ratios differ from 1 and clipping binds in places, as in later epochs). Minibatches are consecutive
 * slices of the rollout, with clip range 0.2 and KL coefficient 0.
 */
final class BenchmarkProblem {
    static final double CLIP_RANGE = 0.2;
    static final double KL_COEF = 0.0;

    private final PpoConfig config;
    private final EnvSpec spec;
    private final TrainingSamples samples;
    private final double[] parameters;

    private BenchmarkProblem(PpoConfig config, EnvSpec spec, TrainingSamples samples, double[] parameters) {
        this.config = config;
        this.spec = spec;
        this.samples = samples;
        this.parameters = parameters;
    }

    static BenchmarkProblem cartPole() {
        EnvRegistry registry = EnvRegistry.load();
        PpoConfig config = new PpoConfigLoader(registry).load(List.of(), List.of("env.id=CartPole-v1",
                "rollout.numSteps=128", "rollout.envsPerPartition=4"));
        EnvSpec spec = registry.spec(config.envId());
        int d = spec.observationSpace().flatDim();
        ComputationGraph rolloutPolicy = ActorCriticNetwork.create(config, d, spec.actionSpace());
        PartitionState state = PartitionState.of(0, registry.make(config.envId(),
                config.rollout().envsPerPartition(), config.run().seed(), 0));
        double[] rolloutParameters = rolloutPolicy.params().toDoubleVector();
        ActorCriticForward forward = ActorCriticForward.of(rolloutPolicy);
        forward.load(rolloutParameters);
        TrainingSamples samples = new PartitionRollout(PartitionRollout.Settings.of(config,
                NormalizationStats.initial(config.normalize(), d)), 1).run(forward, state).samples();
        double[] moved = rolloutParameters.clone();
        SplitMix64 rng = new SplitMix64(17);
        for (int i = 0; i < moved.length; i++) {
            moved[i] += 0.05 * rng.nextGaussian();
        }
        return new BenchmarkProblem(config, spec, samples, moved);
    }

    ComputationGraphConfiguration configuration() {
        return ActorCriticNetwork.configuration(config, spec.observationSpace().flatDim(), spec.actionSpace());
    }

    double[] parameters() {
        return parameters.clone();
    }

    int minibatchCount(int size) {
        return samples.count() / size;
    }

    /** The samples packed for minibatches of {@code size}, as the trainer packs them once per iteration. */
    PackedSamples packed(int size) {
        return new PackedSamples(samples, CLIP_RANGE, KL_COEF, size);
    }

    /** Minibatch {@code index} of {@code packed}, in rollout order. */
    MultiDataSet minibatch(PackedSamples packed, int index) {
        return packed.minibatch(TrainingDataLayout.inOrder(samples.count()), index);
    }

    /** Every minibatch of {@code size}, each as row-major {@code [observations, policy labels, value labels]}. */
    List<double[][]> packedMinibatches(int size) {
        PackedSamples rows = packed(size);
        List<double[][]> packed = new ArrayList<>();
        for (int index = 0; index < minibatchCount(size); index++) {
            MultiDataSet m = minibatch(rows, index);
            packed.add(new double[][] {FlatArrays.rowMajor(m.getFeatures(0)), FlatArrays.rowMajor(m.getLabels(0)),
                FlatArrays.rowMajor(m.getLabels(1))});
        }
        return packed;
    }

    /** Column counts of {@link #packedMinibatches}' three arrays. */
    long[] widths() {
        MultiDataSet m = minibatch(packed(1), 0);
        return new long[] {m.getFeatures(0).size(1), m.getLabels(0).size(1), m.getLabels(1).size(1)};
    }
}
