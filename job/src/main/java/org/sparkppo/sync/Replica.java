package org.sparkppo.sync;

import org.sparkppo.model.ActorCriticGradient;
import org.sparkppo.model.AdamStep;
import org.sparkppo.model.GlobalGradientNormClipping;
import org.sparkppo.model.Minibatch;

/**
 * Partition-local: one task's copy of the model and its optimizer during an iteration's PPO epochs.
 * The flat parameter vector and Adam's state are plain arrays, in the DL4J network's layouts, and are
 * the truth; the plain-Java back-propagation ({@link ActorCriticGradient}) is loaded from them after
 * every step. One
 * optimizer step is global-norm clipping of the mean gradient (PyTorch's {@code clip_grad_norm_} as in
 * CleanRL and SB3) followed by DL4J's Adam rule ({@link AdamStep}), at the iteration's learning rate.
 */
public final class Replica {
    private final ActorCriticGradient model;
    private final double[] parameters;
    private final double[] adamState;
    private final AdamStep adam;
    private final double learningRate;
    private final double maxGradNorm;
    private int steps;

    /**
     * @param model       the back-propagation of the run's architecture, owned by this task
     * @param adam        the Adam rule of the run's network
     * @param parameters  the parameters to start from (taken over, not copied)
     * @param adamState   Adam's state in DL4J's layout (taken over, not copied)
     * @param steps       optimizer steps taken before this iteration (Adam's bias correction counts them)
     * @param maxGradNorm global L2 norm the mean gradient is clipped to; 0 disables clipping
     */
    public Replica(ActorCriticGradient model, AdamStep adam, double[] parameters, double[] adamState, int steps,
                   double learningRate, double maxGradNorm) {
        this.model = model;
        this.parameters = parameters;
        this.adamState = adamState;
        this.adam = adam;
        this.steps = steps;
        this.learningRate = learningRate;
        this.maxGradNorm = maxGradNorm;
        pushParameters();
    }

    /**
     * Back-propagates the PPO losses over one minibatch at the current parameters: the gradient summed
     * over its examples (DL4J's unscaled result) and the minibatch's mean loss.
     */
    public MinibatchGradient gradient(Minibatch minibatch) {
        double[] gradient = new double[parameters.length];
        double loss = model.compute(minibatch, gradient);
        return new MinibatchGradient(gradient, minibatch.rows(), loss);
    }

    /** The distribution parameters of the last {@link #gradient}'s minibatch, at the parameters before its step. */
    public double[] lastDistributionParams() {
        return model.distributionParams();
    }

    /** The values V(s) of the last {@link #gradient}'s minibatch, at the parameters before its step. */
    public double[] lastValues() {
        return model.values();
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
        model.load(parameters);
    }
}
