package org.sparkppo.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Per-example scores and the gradient with respect to the activated output (row-major), of one
 * loss call. Plain Java arrays, never read or written after construction, so that one evaluation
 * can answer several of DL4J's calls without holding an array from a closed workspace.
 */
public record Evaluation(double[] scores, double[] outputGradient) {

    /** The sum of the examples' losses, or their mean. */
    public double score(boolean average) {
        double sum = 0;
        for (double s : scores) {
            sum += s;
        }
        return average ? sum / scores.length : sum;
    }

    INDArray scoreArray(INDArray like) {
        return Nd4j.create(scores, new long[] {scores.length, 1}).castTo(like.dataType());
    }
}
