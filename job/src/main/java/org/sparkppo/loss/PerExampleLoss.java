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

    /**
     * Per-example losses and dL/dactivation for a minibatch of {@code rows} examples, on row-major
     * arrays: what DL4J's entry points answer, and what the plain-Java back-propagation
     * ({@code org.sparkppo.model.ActorCriticGradient}) starts from.
     *
     * @param activations the output layer's activations, {@code [rows × activationWidth]}
     * @param rowMask     1 for examples that count, 0 for those that do not; null when all count
     */
    public abstract Evaluation evaluate(double[] labels, int labelWidth, double[] activations, int activationWidth,
                                        int rows, double[] rowMask);

    private Evaluation evaluate(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return evaluate(FlatArrays.rowMajor(labels), Math.toIntExact(labels.size(1)),
                FlatArrays.activations(preOutput, activationFn), Math.toIntExact(preOutput.size(1)),
                Math.toIntExact(preOutput.size(0)), FlatArrays.rowMask(mask));
    }

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
