package org.sparkppo.loss;

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
    public Evaluation evaluate(double[] label, int labelWidth, double[] values, int valueWidth, int n,
                               double[] rowMask) {
        if (labelWidth != 2) {
            throw new IllegalArgumentException("value labels must have 2 columns (return, old value), but have "
                    + labelWidth);
        }
        if (valueWidth != 1) {
            throw new IllegalArgumentException("the value output must have 1 column, but has " + valueWidth);
        }
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
                double change = v - oldValue;
                double clippedValue = oldValue + Math.min(Math.max(change, -valueClipRange), valueClipRange);
                double clippedError = clippedValue - target;
                if (clippedError * clippedError > loss) {
                    loss = clippedError * clippedError;
                    // Inside the clip range V_clip is V up to rounding (∂V_clip/∂V = 1, as for PyTorch's clamp),
                    // and rounding alone can make it the larger term; outside, V_clip does not depend on V.
                    grad = Math.abs(change) <= valueClipRange ? clippedError : 0.0;
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
