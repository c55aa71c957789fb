package org.sparkppo.policy;

import org.sparkppo.seed.SplitMix64;

/**
 * π(·|s) = N(μ(s), diag(σ²)) over {@code d} action dimensions, parameters {@code [μ (d), log σ (d)]}
 * (the log-std is state-independent in {@link org.sparkppo.model.ActorCriticNetwork}, as in the PPO
 * paper's continuous-control setup and CleanRL's {@code ppo_continuous_action}). Per dimension j:
 * <pre>
 *   log π(a) = Σ −(a−μ)²/(2σ²) − log σ − ½ log 2π      ∂/∂μ = (a−μ)/σ²     ∂/∂log σ = (a−μ)²/σ² − 1
 *   H        = Σ log σ + ½ (1 + log 2π)                                    ∂H/∂log σ = 1
 *   KL(old‖π) = Σ log σ − log σ₀ + (σ₀² + (μ₀−μ)²)/(2σ²) − ½
 *              ∂/∂μ = (μ−μ₀)/σ²    ∂/∂log σ = 1 − (σ₀² + (μ₀−μ)²)/σ²
 * </pre>
 * The stored action is the unclipped sample; the environment receives it clipped to the bounds.
 */
public final class DiagonalGaussian implements ActionDistribution {
    private static final long serialVersionUID = 1L;
    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

    private final int d;

    public DiagonalGaussian(int d) {
        this.d = d;
    }

    @Override
    public int paramWidth() {
        return 2 * d;
    }

    @Override
    public int actionWidth() {
        return d;
    }

    @Override
    public double logProb(double[] params, int p, float[] actions, int a) {
        double lp = 0;
        for (int j = 0; j < d; j++) {
            double logStd = params[p + d + j];
            double z = (actions[a + j] - params[p + j]) * Math.exp(-logStd);
            lp += -0.5 * z * z - logStd - HALF_LOG_TWO_PI;
        }
        return lp;
    }

    @Override
    public void addLogProbGradient(double[] params, int p, float[] actions, int a, double scale, double[] grad, int g) {
        for (int j = 0; j < d; j++) {
            double inverseVariance = Math.exp(-2 * params[p + d + j]);
            double diff = actions[a + j] - params[p + j];
            grad[g + j] += scale * diff * inverseVariance;
            grad[g + d + j] += scale * (diff * diff * inverseVariance - 1);
        }
    }

    @Override
    public double entropy(double[] params, int p) {
        double h = 0;
        for (int j = 0; j < d; j++) {
            h += params[p + d + j] + 0.5 + HALF_LOG_TWO_PI;
        }
        return h;
    }

    @Override
    public void addEntropyGradient(double[] params, int p, double scale, double[] grad, int g) {
        for (int j = 0; j < d; j++) {
            grad[g + d + j] += scale;
        }
    }

    @Override
    public double kl(double[] old, int o, double[] params, int p) {
        double kl = 0;
        for (int j = 0; j < d; j++) {
            double logStd = params[p + d + j];
            double oldLogStd = old[o + d + j];
            double diff = old[o + j] - params[p + j];
            kl += logStd - oldLogStd + (Math.exp(2 * oldLogStd) + diff * diff) * 0.5 * Math.exp(-2 * logStd) - 0.5;
        }
        return kl;
    }

    @Override
    public void addKlGradient(double[] old, int o, double[] params, int p, double scale, double[] grad, int g) {
        for (int j = 0; j < d; j++) {
            double inverseVariance = Math.exp(-2 * params[p + d + j]);
            double diff = old[o + j] - params[p + j];
            grad[g + j] += scale * -diff * inverseVariance;
            grad[g + d + j] += scale * (1 - (Math.exp(2 * old[o + d + j]) + diff * diff) * inverseVariance);
        }
    }

    @Override
    public double sample(double[] params, int p, SplitMix64 rng, float[] actions, int a) {
        for (int j = 0; j < d; j++) {
            actions[a + j] = (float) (params[p + j] + Math.exp(params[p + d + j]) * rng.nextGaussian());
        }
        return logProb(params, p, actions, a);
    }

    @Override
    public void mode(double[] params, int p, float[] actions, int a) {
        for (int j = 0; j < d; j++) {
            actions[a + j] = (float) params[p + j];
        }
    }
}
