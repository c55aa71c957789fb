package org.sparkppo.loss;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.shade.jackson.annotation.JsonIgnore;

/**
 * A DL4J loss computed in one pass that yields every example's loss and the gradient with respect
 * to the activated output; DL4J's four entry points all answer from that pass.
 *
 * <p>DL4J's {@code computeGradientAndScore} asks each output layer for the gradient of a batch
 * (back-propagation) and then for its score: the second call finds the first one's evaluation in
 * {@link #lastCall} and does not evaluate again. The evaluation is a pure function of the call's
 * values, so answering equal values with it is exact.
 */
public abstract class PerExampleLoss implements ILossFunction {
    private static final long serialVersionUID = 1L;

    /**
     * Not configuration, so left out of the JSON and of Java serialization. One immutable value
     * swapped whole: threads sharing a loss at worst evaluate again.
     */
    @JsonIgnore
    private transient volatile LossCall lastCall;

    /** Per-example losses and dL/dactivation for a minibatch. */
    abstract Evaluation evaluate(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask);

    private Evaluation evaluateOnce(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        LossCall last = lastCall;
        Evaluation answer = last == null ? null : last.answer(labels, preOutput, activationFn, mask);
        if (answer == null) {
            answer = evaluate(labels, preOutput, activationFn, mask);
            lastCall = LossCall.of(labels, preOutput, activationFn, mask, answer);
        }
        return answer;
    }

    @Override
    public final double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                                     boolean average) {
        return evaluateOnce(labels, preOutput, activationFn, mask).score(average);
    }

    @Override
    public final INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn,
                                            INDArray mask) {
        return evaluateOnce(labels, preOutput, activationFn, mask).scoreArray(preOutput);
    }

    @Override
    public final INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn,
                                          INDArray mask) {
        return gradient(evaluateOnce(labels, preOutput, activationFn, mask), preOutput, activationFn);
    }

    @Override
    public final Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput,
                                                                IActivation activationFn, INDArray mask,
                                                                boolean average) {
        Evaluation e = evaluateOnce(labels, preOutput, activationFn, mask);
        return new Pair<>(e.score(average), gradient(e, preOutput, activationFn));
    }

    private static INDArray gradient(Evaluation e, INDArray preOutput, IActivation activationFn) {
        return FlatArrays.backprop(e.outputGradient(), preOutput, activationFn);
    }

    @Override
    public String toString() {
        return name();
    }
}
