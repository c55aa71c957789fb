package org.sparkppo.loss;

import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The values one of DL4J's loss calls passed and the evaluation they gave. Compared by value, not
 * by array identity: for the score of a batch DL4J recomputes the pre-output into a new array, and
 * workspace arrays of one call are reused by the next.
 */
final class LossCall {
    private final long[] labelShape;
    private final double[] labels;
    private final long[] preOutputShape;
    private final double[] preOutput;
    private final double[] mask;
    private final IActivation activationFn;
    private final Evaluation evaluation;

    private LossCall(INDArray labels, INDArray preOutput, double[] mask, IActivation activationFn,
                     Evaluation evaluation) {
        this.labelShape = labels.shape();
        this.labels = FlatArrays.rowMajor(labels);
        this.preOutputShape = preOutput.shape();
        this.preOutput = FlatArrays.rowMajor(preOutput);
        this.mask = mask;
        this.activationFn = activationFn;
        this.evaluation = evaluation;
    }

    static LossCall of(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                       Evaluation evaluation) {
        return new LossCall(labels, preOutput, FlatArrays.rowMask(mask), activationFn, evaluation);
    }

    /** This call's evaluation if the arguments hold the same values as this call's, else null. */
    Evaluation answer(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        boolean same = Arrays.equals(labelShape, labels.shape()) && Arrays.equals(preOutputShape, preOutput.shape())
                && Arrays.equals(this.labels, FlatArrays.rowMajor(labels))
                && Arrays.equals(this.preOutput, FlatArrays.rowMajor(preOutput))
                && Arrays.equals(this.mask, FlatArrays.rowMask(mask))
                && Objects.equals(this.activationFn, activationFn);
        return same ? evaluation : null;
    }
}
