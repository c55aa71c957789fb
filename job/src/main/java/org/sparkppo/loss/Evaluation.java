package org.sparkppo.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Per-example scores and the gradient with respect to the pre-activation output, of one loss call. */
record Evaluation(double[] scores, INDArray gradient) {

    double score(boolean average) {
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
