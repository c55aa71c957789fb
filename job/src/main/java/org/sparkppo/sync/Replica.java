package org.sparkppo.sync;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.sparkppo.loss.FlatArrays;
import org.sparkppo.model.AdamStep;
import org.sparkppo.model.GlobalGradientNormClipping;

/**
 * Partition-local: one task's copy of the model and its optimizer during an iteration's PPO epochs.
 * The flat parameter vector and Adam's state are plain arrays and are the truth; the DL4J network is
 * loaded from them before each gradient and serves only to back-propagate the PPO losses. One
 * optimizer step is global-norm clipping of the mean gradient (PyTorch's {@code clip_grad_norm_} as in
 * CleanRL and SB3) followed by DL4J's Adam rule ({@link AdamStep}), at the iteration's learning rate.
 */
public final class Replica {
    private final ComputationGraph net;
    private final INDArray parameterView;
    private final double[] parameters;
    private final double[] adamState;
    private final AdamStep adam;
    private final double learningRate;
    private final double maxGradNorm;
    private int steps;

    /**
     * @param net         a network of the run's architecture, owned by this task until it is released
     * @param parameters  the parameters to start from (taken over, not copied)
     * @param adamState   Adam's state in DL4J's layout (taken over, not copied)
     * @param steps       optimizer steps taken before this iteration (Adam's bias correction counts them)
     * @param maxGradNorm global L2 norm the mean gradient is clipped to; 0 disables clipping
     */
    public Replica(ComputationGraph net, double[] parameters, double[] adamState, int steps, double learningRate,
                   double maxGradNorm) {
        this.net = net;
        this.parameterView = net.params();
        this.parameters = parameters;
        this.adamState = adamState;
        this.adam = AdamStep.of(net);
        this.steps = steps;
        this.learningRate = learningRate;
        this.maxGradNorm = maxGradNorm;
        pushParameters();
    }

    /**
     * Back-propagates the PPO losses over one minibatch at the current parameters: the gradient summed
     * over its examples (DL4J's unscaled result) and the minibatch's mean loss.
     */
    public MinibatchGradient gradient(MultiDataSet minibatch) {
        net.setInputs(minibatch.getFeatures());
        net.setLabels(minibatch.getLabels());
        net.computeGradientAndScore();
        double[] gradient = FlatArrays.rowMajor(net.gradient().gradient());
        double loss = net.score();
        net.clear();
        return new MinibatchGradient(gradient, (int) minibatch.getFeatures(0).size(0), loss);
    }

    /** One optimizer step on {@code summedGradient}, the gradient summed over {@code examples} examples. */
    public void step(double[] summedGradient, int examples) {
        if (maxGradNorm > 0) {
            GlobalGradientNormClipping.clip(summedGradient, examples, maxGradNorm);
        }
        adam.apply(parameters, adamState, summedGradient, examples, learningRate, steps);
        steps++;
        pushParameters();
    }

    /** Replaces parameters and Adam state (after averaging); {@code source} holds both, parameters first. */
    public void assign(double[] source) {
        System.arraycopy(source, 0, parameters, 0, parameters.length);
        System.arraycopy(source, parameters.length, adamState, 0, adamState.length);
        pushParameters();
    }

    /** Parameters followed by Adam's state: what parameter averaging averages. */
    public double[] parametersAndAdamState() {
        double[] both = new double[parameters.length + adamState.length];
        System.arraycopy(parameters, 0, both, 0, parameters.length);
        System.arraycopy(adamState, 0, both, parameters.length, adamState.length);
        return both;
    }

    public double[] parameters() {
        return parameters;
    }

    public double[] adamState() {
        return adamState;
    }

    public int steps() {
        return steps;
    }

    private void pushParameters() {
        FlatArrays.write(parameters, parameterView);
    }
}
