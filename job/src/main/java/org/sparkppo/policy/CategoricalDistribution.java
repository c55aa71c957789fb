package org.sparkppo.policy;

import org.sparkppo.seed.SplitMix64;

/**
 * π(·|s) = softmax(logits) over {@code n} actions; an action row is the index as one float.
 * Gradients with respect to logit {@code k}: {@code ∂ log π_a = 1[k=a] − π_k},
 * {@code ∂H = −π_k (log π_k + H)}, {@code ∂KL(π_old‖π) = π_k − π_old,k}.
 */
public final class CategoricalDistribution implements ActionDistribution {
    private static final long serialVersionUID = 1L;

    private final int n;

    public CategoricalDistribution(int n) {
        this.n = n;
    }

    @Override
    public int paramWidth() {
        return n;
    }

    @Override
    public int actionWidth() {
        return 1;
    }

    /** log softmax of {@code logits[p .. p+n)} into {@code out[0 .. n)}, stably. */
    void logSoftmax(double[] logits, int p, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            max = Math.max(max, logits[p + k]);
        }
        double sum = 0;
        for (int k = 0; k < n; k++) {
            sum += Math.exp(logits[p + k] - max);
        }
        double logSum = max + Math.log(sum);
        for (int k = 0; k < n; k++) {
            out[k] = logits[p + k] - logSum;
        }
    }

    private double[] logProbs(double[] logits, int p) {
        double[] lp = new double[n];
        logSoftmax(logits, p, lp);
        return lp;
    }

    private static double entropyOf(double[] lp) {
        double h = 0;
        for (double l : lp) {
            h -= Math.exp(l) * l;
        }
        return h;
    }

    @Override
    public double logProb(double[] params, int p, float[] actions, int a) {
        return logProbs(params, p)[(int) actions[a]];
    }

    @Override
    public void addLogProbGradient(double[] params, int p, float[] actions, int a, double scale, double[] grad, int g) {
        double[] lp = logProbs(params, p);
        int action = (int) actions[a];
        for (int k = 0; k < n; k++) {
            grad[g + k] += scale * ((k == action ? 1.0 : 0.0) - Math.exp(lp[k]));
        }
    }

    @Override
    public double entropy(double[] params, int p) {
        return entropyOf(logProbs(params, p));
    }

    @Override
    public void addEntropyGradient(double[] params, int p, double scale, double[] grad, int g) {
        double[] lp = logProbs(params, p);
        double h = entropyOf(lp);
        for (int k = 0; k < n; k++) {
            grad[g + k] -= scale * Math.exp(lp[k]) * (lp[k] + h);
        }
    }

    @Override
    public double kl(double[] old, int o, double[] params, int p) {
        double[] lpOld = logProbs(old, o);
        double[] lp = logProbs(params, p);
        double kl = 0;
        for (int k = 0; k < n; k++) {
            kl += Math.exp(lpOld[k]) * (lpOld[k] - lp[k]);
        }
        return kl;
    }

    @Override
    public void addKlGradient(double[] old, int o, double[] params, int p, double scale, double[] grad, int g) {
        double[] lpOld = logProbs(old, o);
        double[] lp = logProbs(params, p);
        for (int k = 0; k < n; k++) {
            grad[g + k] += scale * (Math.exp(lp[k]) - Math.exp(lpOld[k]));
        }
    }

    /** Inverse-CDF sample of an index. */
    @Override
    public double sample(double[] params, int p, SplitMix64 rng, float[] actions, int a) {
        double[] lp = logProbs(params, p);
        double u = rng.nextDouble();
        double cumulative = 0;
        int chosen = n - 1;
        for (int k = 0; k < n - 1; k++) {
            cumulative += Math.exp(lp[k]);
            if (u < cumulative) {
                chosen = k;
                break;
            }
        }
        actions[a] = chosen;
        return lp[chosen];
    }

    /** The most probable index (ties: the lowest). */
    @Override
    public void mode(double[] params, int p, float[] actions, int a) {
        int best = 0;
        for (int k = 1; k < n; k++) {
            if (params[p + k] > params[p + best]) {
                best = k;
            }
        }
        actions[a] = best;
    }
}
