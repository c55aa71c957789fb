package org.sparkppo.loss;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * A DL4J loss computed in one pass that yields every example's loss and the gradient with respect
 * to the pre-activation output; DL4J's four entry points all answer from that pass.
 */
public abstract class PerExampleLoss implements ILossFunction {
    private static final long serialVersionUID = 1L;

    /** Per-example losses and dL/dpreOutput for a minibatch. */
    abstract Evaluation evaluate(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask);

    @Override
    public final double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                                     boolean average) {
        return evaluate(labels, preOutput, activationFn, mask).score(average);
    }

    @Override
    public final INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn,
                                            INDArray mask) {
        return evaluate(labels, preOutput, activationFn, mask).scoreArray(preOutput);
    }

    @Override
    public final INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn,
                                          INDArray mask) {
        return evaluate(labels, preOutput, activationFn, mask).gradient();
    }

    @Override
    public final Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput,
                                                                IActivation activationFn, INDArray mask,
                                                                boolean average) {
        Evaluation e = evaluate(labels, preOutput, activationFn, mask);
        return new Pair<>(e.score(average), e.gradient());
    }

    @Override
    public String toString() {
        return name();
    }
}
