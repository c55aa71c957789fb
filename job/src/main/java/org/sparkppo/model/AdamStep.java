package org.sparkppo.model;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Trainable;
import org.deeplearning4j.nn.api.TrainingConfig;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater;
import org.nd4j.linalg.learning.config.Adam;

/**
 * One optimizer step of DL4J's Adam on flat arrays: the step that
 * {@code net.getUpdater().update(new DefaultGradient(g), t, epoch, n, …)} followed by
 * {@code net.params().subi(g)} makes, bit for bit, without ND4J.
 *
 * <p>For the mean gradient {@code ĝ = g / n} (DL4J's {@code BaseMultiLayerUpdater} divides the
 * summed gradient by the minibatch size in place before any updater runs, when the configuration
 * is {@code miniBatch}, the default) and step {@code t} (0-based), ND4J's {@code adam_updater} op
 * computes, in this order of operations (Kingma and Ba 2015, Algorithm 1, with the bias corrections
 * folded into the step size as in their Section 2):
 * <pre>
 *   α_t = lr · √(1 − β₂^(t+1)) / (1 − β₁^(t+1))     (ε itself if that is 0, NaN or ∞)
 *   m   = β₁ · m + ĝ · (1 − β₁)
 *   v   = β₂ · v + ĝ · ĝ · (1 − β₂)
 *   θ   = θ − m · α_t / (√v + ε)
 * </pre>
 * {@code lr} is the step size of the current PPO iteration (CleanRL's annealing is per iteration),
 * given by the caller; the configuration's own rate is not read.
 *
 * <p>The updater state is the network's {@code getUpdater().getStateViewArray()}: one block per
 * run of consecutive parameters with equal updater configurations (one block for the whole
 * {@link ActorCriticNetwork}), each block holding {@code [m of its parameters, v of its
 * parameters]}. The blocks and their Adam settings are read from the network once.
 *
 * <p>{@code β^(t+1)} comes from {@link Math#pow} here and from the C library's {@code pow} in
 * ND4J; they differ in the last bit for a few exponents, but for β₁ = 0.9 and β₂ = 0.999 never in
 * a way that changes {@code 1 − β^(t+1)}, the only use (checked for every step at which it is not
 * exactly 1, in {@code AdamStepTest}).
 */
public final class AdamStep implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Block[] blocks;
    private final int numParams;
    private final int stateSize;
    private final boolean divideByExamples;

    private AdamStep(Block[] blocks, int numParams, int stateSize, boolean divideByExamples) {
        this.blocks = blocks;
        this.numParams = numParams;
        this.stateSize = stateSize;
        this.divideByExamples = divideByExamples;
    }

    /**
     * The Adam step of {@code net}'s updater configuration.
     *
     * @throws IllegalArgumentException when a parameter has another updater than Adam, regularization,
     *                                  per-layer gradient normalization, or is exempt from the division
     *                                  by the minibatch size: DL4J would apply more than Adam
     */
    public static AdamStep of(ComputationGraph net) {
        ComputationGraphUpdater updater = net.getUpdater();
        List<Block> blocks = new ArrayList<>();
        for (UpdaterBlock block : updater.getUpdaterBlocks()) {
            if (!(block.getGradientUpdater().getConfig() instanceof Adam adam)) {
                throw new IllegalArgumentException("AdamStep applies Adam, but parameters " + block.getParamOffsetStart()
                        + ".." + block.getParamOffsetEnd() + " use " + block.getGradientUpdater().getConfig());
            }
            for (UpdaterBlock.ParamState p : block.getLayersAndVariablesInBlock()) {
                requireAdamAlone(p.getLayer(), p.getParamName());
            }
            int length = block.getParamOffsetEnd() - block.getParamOffsetStart();
            if (block.getUpdaterViewOffsetEnd() - block.getUpdaterViewOffsetStart() != 2 * length) {
                throw new IllegalStateException("Adam state of parameters " + block.getParamOffsetStart() + ".."
                        + block.getParamOffsetEnd() + " is not [m, v]");
            }
            blocks.add(new Block(adam.getBeta1(), adam.getBeta2(), adam.getEpsilon(), block.getParamOffsetStart(), length,
                    block.getUpdaterViewOffsetStart()));
        }
        return new AdamStep(blocks.toArray(Block[]::new), (int) net.numParams(),
                (int) updater.getStateViewArray().length(), net.conf().isMiniBatch());
    }

    private static void requireAdamAlone(Trainable layer, String param) {
        TrainingConfig config = layer.getConfig();
        String name = config.getLayerName() + "_" + param;
        if (config.getRegularizationByParam(param) != null && !config.getRegularizationByParam(param).isEmpty()) {
            throw new IllegalArgumentException(name + " has regularization " + config.getRegularizationByParam(param)
                    + ", which AdamStep does not apply");
        }
        if (config.getGradientNormalization() != null && config.getGradientNormalization() != GradientNormalization.None) {
            throw new IllegalArgumentException(name + " has gradient normalization "
                    + config.getGradientNormalization() + ", which AdamStep does not apply");
        }
        if (!layer.updaterDivideByMinibatch(param)) {
            throw new IllegalArgumentException(name + " is not divided by the minibatch size; AdamStep divides all");
        }
    }

    /**
     * Makes one Adam step in place.
     *
     * @param params         the network's flat parameters ({@code net.params()} layout), updated
     * @param updaterState   the updater state ({@code getStateViewArray()} layout), updated
     * @param summedGradient the loss gradient summed over the step's examples; not modified
     * @param exampleCount   how many examples the gradient sums ({@code n})
     * @param learningRate   the step size {@code lr}
     * @param iteration      the optimizer step count before this step ({@code t}, DL4J's iteration count)
     */
    public void apply(double[] params, double[] updaterState, double[] summedGradient, int exampleCount,
                      double learningRate, int iteration) {
        if (params.length != numParams || summedGradient.length != numParams || updaterState.length != stateSize) {
            throw new IllegalArgumentException("expected " + numParams + " parameters and gradients and "
                    + stateSize + " updater state values, but got " + params.length + ", " + summedGradient.length
                    + " and " + updaterState.length);
        }
        double divisor = divideByExamples ? exampleCount : 1;
        for (Block block : blocks) {
            block.apply(params, updaterState, summedGradient, divisor, learningRate, iteration);
        }
    }

    /**
     * Parameters {@code [start, start + length)}, with m at {@code stateStart} and v right after it.
     * (A class, not a record: Kryo 4 cannot serialize records, and the step travels to the executors.)
     */
    public static final class Block implements Serializable {
        private static final long serialVersionUID = 1L;
        private final double beta1;
        private final double beta2;
        private final double epsilon;
        private final int start;
        private final int length;
        private final int stateStart;

        Block(double beta1, double beta2, double epsilon, int start, int length, int stateStart) {
            this.beta1 = beta1;
            this.beta2 = beta2;
            this.epsilon = epsilon;
            this.start = start;
            this.length = length;
            this.stateStart = stateStart;
        }

        void apply(double[] params, double[] state, double[] summedGradient, double divisor, double learningRate,
                   int iteration) {
            double stepSize = learningRate * Math.sqrt(1. - Math.pow(beta2, iteration + 1))
                    / (1.0 - Math.pow(beta1, iteration + 1));
            if (Double.isNaN(stepSize) || stepSize == 0 || Double.isInfinite(stepSize)) {
                stepSize = epsilon;
            }
            int m = stateStart;
            int v = stateStart + length;
            for (int i = 0; i < length; i++) {
                double g = summedGradient[start + i] / divisor;
                double mi = beta1 * state[m + i] + g * (1 - beta1);
                double vi = beta2 * state[v + i] + g * g * (1 - beta2);
                state[m + i] = mi;
                state[v + i] = vi;
                params[start + i] -= mi * stepSize / (Math.sqrt(vi) + epsilon);
            }
        }
    }
}
