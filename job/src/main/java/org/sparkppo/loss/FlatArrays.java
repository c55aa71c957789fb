package org.sparkppo.loss;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Bulk copies between ND4J arrays and row-major Java arrays. Element-wise access to an
 * {@code INDArray} (or {@code toDoubleMatrix()}, {@code toDoubleVector()}, {@code data().asDouble()},
 * which read element by element) costs nanoseconds per element; a bulk copy through the buffer's
 * NIO view costs a memory copy.
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

    /** Row-major contents of an array of any shape, in double precision. */
    public static double[] rowMajor(INDArray array) {
        INDArray contiguous = array.isView() || array.ordering() != 'c' ? array.dup('c') : array;
        double[] values = new double[Math.toIntExact(array.length())];
        if (contiguous.dataType() == DataType.DOUBLE) {
            contiguous.data().asNioDouble().get(values);
        } else if (contiguous.dataType() == DataType.FLOAT) {
            float[] floats = new float[values.length];
            contiguous.data().asNioFloat().get(floats);
            for (int i = 0; i < floats.length; i++) {
                values[i] = floats[i];
            }
        } else {
            return contiguous.castTo(DataType.DOUBLE).data().asDouble();
        }
        return values;
    }

    /**
     * Writes row-major {@code values} into {@code target}, which must be a whole, row-major DOUBLE or
     * FLOAT array of the same length: for refilling arrays that are allocated once and reused.
     */
    public static void write(double[] values, INDArray target) {
        if (target.isView() || target.ordering() != 'c' || target.length() != values.length) {
            throw new IllegalArgumentException("target must be a whole row-major array of " + values.length
                    + " elements, but is " + target.shapeInfoToString().replace('\n', ' '));
        }
        if (target.dataType() == DataType.DOUBLE) {
            target.data().asNioDouble().put(values);
        } else if (target.dataType() == DataType.FLOAT) {
            float[] floats = new float[values.length];
            for (int i = 0; i < values.length; i++) {
                floats[i] = (float) values[i];
            }
            target.data().asNioFloat().put(floats);
        } else {
            throw new IllegalArgumentException("target must be DOUBLE or FLOAT, but is " + target.dataType());
        }
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
