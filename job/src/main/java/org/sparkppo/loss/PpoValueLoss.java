package org.sparkppo.loss;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The PPO value-function loss on the critic's output, weighted by {@code valueCoef} (c₁ of the PPO
 * paper, eq. 9). Without clipping: {@code c₁ · ½ (V − R)²}. With {@code valueClipRange} ε_v > 0
 * (the clipped value loss of OpenAI baselines' PPO2, as CleanRL's {@code clip_vloss}):
 *
 * <pre>
 *   V_clip = V_old + clip(V − V_old, −ε_v, ε_v)
 *   L = c₁ · ½ max((V − R)², (V_clip − R)²)
 * </pre>
 *
 * Labels layout ({@link org.sparkppo.stage.TrainingDataLayout}): {@code [return, old value]}.
 */
public final class PpoValueLoss extends PerExampleLoss {
    private static final long serialVersionUID = 1L;

    @JsonProperty("valueCoef")
    private double valueCoef;
    @JsonProperty("valueClipRange")
    private double valueClipRange;

    /** For deserialization from the network's JSON configuration. */
    public PpoValueLoss() {
        this(0.5, 0.0);
    }

    /** @param valueClipRange ε_v; 0 disables clipping */
    public PpoValueLoss(@JsonProperty("valueCoef") double valueCoef,
                        @JsonProperty("valueClipRange") double valueClipRange) {
        this.valueCoef = valueCoef;
        this.valueClipRange = valueClipRange;
    }

    @Override
    Evaluation evaluate(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        if (labels.size(1) != 2) {
            throw new IllegalArgumentException("value labels must have 2 columns (return, old value), but have "
                    + labels.size(1));
        }
        double[] values = FlatArrays.activations(preOutput, activationFn);
        double[] label = FlatArrays.rowMajor(labels);
        double[] rowMask = FlatArrays.rowMask(mask);
        int n = values.length;
        double[] scores = new double[n];
        double[] gradient = new double[n];
        for (int i = 0; i < n; i++) {
            if (rowMask != null && rowMask[i] == 0) {
                continue;
            }
            double v = values[i];
            double target = label[2 * i];
            double error = v - target;
            double loss = error * error;
            double grad = error;
            if (valueClipRange > 0) {
                double oldValue = label[2 * i + 1];
                double clippedValue = oldValue + Math.min(Math.max(v - oldValue, -valueClipRange), valueClipRange);
                double clippedError = clippedValue - target;
                if (clippedError * clippedError > loss) {
                    // Only possible with V outside the clip range, where V_clip does not depend on V.
                    loss = clippedError * clippedError;
                    grad = 0.0;
                }
            }
            scores[i] = valueCoef * 0.5 * loss;
            gradient[i] = valueCoef * grad;
        }
        return new Evaluation(scores, gradient);
    }

    @Override
    public String name() {
        return "PpoValueLoss(valueCoef=" + valueCoef + ", valueClipRange=" + valueClipRange + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PpoValueLoss l && l.valueCoef == valueCoef && l.valueClipRange == valueClipRange;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(valueCoef) * 31 + Double.hashCode(valueClipRange);
    }
}
