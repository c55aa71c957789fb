package org.sparkppo.policy;

import java.util.Arrays;
import org.sparkppo.seed.SplitMix64;

/**
 * π(a|s) = Π_c softmax(logits_c)[a_c] for a {@code MultiDiscrete(nvec)} action: one independent
 * categorical per component over its own {@code nvec[c]} logits, the components' logits side by side
 * (component {@code c} at offset {@code Σ_{c' < c} nvec[c']}), one index per component in an action
 * row. By independence the log-probability, the entropy and KL(π_old‖π) are the sums over the
 * components of each categorical's own, and each gradient is the component's
 * {@link CategoricalDistribution} gradient in its own logits (SB3's {@code MultiCategoricalDistribution}).
 */
public final class MultiCategoricalDistribution implements ActionDistribution {
    private static final long serialVersionUID = 1L;

    private final CategoricalDistribution[] components;
    private final int[] offsets;
    private final int paramWidth;

    public MultiCategoricalDistribution(int[] nvec) {
        this.components = new CategoricalDistribution[nvec.length];
        this.offsets = new int[nvec.length];
        int offset = 0;
        for (int c = 0; c < nvec.length; c++) {
            components[c] = new CategoricalDistribution(nvec[c]);
            offsets[c] = offset;
            offset += nvec[c];
        }
        this.paramWidth = offset;
    }

    /** The number of values of each component. */
    public int[] nvec() {
        return Arrays.stream(components).mapToInt(CategoricalDistribution::paramWidth).toArray();
    }

    @Override
    public int paramWidth() {
        return paramWidth;
    }

    @Override
    public int actionWidth() {
        return components.length;
    }

    @Override
    public double logProb(double[] params, int p, float[] actions, int a) {
        double logProb = 0;
        for (int c = 0; c < components.length; c++) {
            logProb += components[c].logProb(params, p + offsets[c], actions, a + c);
        }
        return logProb;
    }

    @Override
    public void addLogProbGradient(double[] params, int p, float[] actions, int a, double scale, double[] grad, int g) {
        for (int c = 0; c < components.length; c++) {
            components[c].addLogProbGradient(params, p + offsets[c], actions, a + c, scale, grad, g + offsets[c]);
        }
    }

    @Override
    public double entropy(double[] params, int p) {
        double h = 0;
        for (int c = 0; c < components.length; c++) {
            h += components[c].entropy(params, p + offsets[c]);
        }
        return h;
    }

    @Override
    public void addEntropyGradient(double[] params, int p, double scale, double[] grad, int g) {
        for (int c = 0; c < components.length; c++) {
            components[c].addEntropyGradient(params, p + offsets[c], scale, grad, g + offsets[c]);
        }
    }

    @Override
    public double kl(double[] old, int o, double[] params, int p) {
        double kl = 0;
        for (int c = 0; c < components.length; c++) {
            kl += components[c].kl(old, o + offsets[c], params, p + offsets[c]);
        }
        return kl;
    }

    @Override
    public void addKlGradient(double[] old, int o, double[] params, int p, double scale, double[] grad, int g) {
        for (int c = 0; c < components.length; c++) {
            components[c].addKlGradient(old, o + offsets[c], params, p + offsets[c], scale, grad, g + offsets[c]);
        }
    }

    /** Samples the components in order, each with the next uniform draw of {@code rng}. */
    @Override
    public double sample(double[] params, int p, SplitMix64 rng, float[] actions, int a) {
        double logProb = 0;
        for (int c = 0; c < components.length; c++) {
            logProb += components[c].sample(params, p + offsets[c], rng, actions, a + c);
        }
        return logProb;
    }

    @Override
    public void mode(double[] params, int p, float[] actions, int a) {
        for (int c = 0; c < components.length; c++) {
            components[c].mode(params, p + offsets[c], actions, a + c);
        }
    }
}
