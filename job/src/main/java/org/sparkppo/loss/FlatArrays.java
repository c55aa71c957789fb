package org.sparkppo.loss;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Bulk copies between ND4J matrices and row-major Java arrays for the losses: element-wise access
 * to an {@code INDArray} (or {@code toDoubleMatrix()}) costs microseconds per row, a bulk copy does not.
 */
public final class FlatArrays {

    private FlatArrays() {
    }

    /** The activations of a {@code [rows, cols]} pre-output, row-major. */
    static double[] activations(INDArray preOutput, IActivation activationFn) {
        INDArray output = activationFn instanceof ActivationIdentity ? preOutput
                : activationFn.getActivation(preOutput.dup(), true);
        return rowMajor(output);
    }

    /** Row-major contents of a matrix. */
    public static double[] rowMajor(INDArray matrix) {
        INDArray contiguous = matrix.isView() || matrix.ordering() != 'c' ? matrix.dup('c') : matrix;
        double[] values = contiguous.data().asDouble();
        return values.length == matrix.length() ? values : contiguous.dup('c').data().asDouble();
    }

    /** dL/dpreOutput from dL/dactivation given row-major, in the pre-output's data type and shape. */
    static INDArray backprop(double[] dLdOutput, INDArray preOutput, IActivation activationFn) {
        INDArray gradient = Nd4j.create(dLdOutput, preOutput.shape(), preOutput.dataType());
        return activationFn instanceof ActivationIdentity ? gradient
                : activationFn.backprop(preOutput.dup(), gradient).getFirst();
    }

    /** Row mask as doubles, or null when every row counts. */
    static double[] rowMask(INDArray mask) {
        return mask == null ? null : rowMajor(mask);
    }
}
