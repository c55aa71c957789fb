package org.sparkppo.policy;

import org.sparkppo.env.Box;
import org.sparkppo.env.Discrete;
import org.sparkppo.env.MultiDiscrete;
import org.sparkppo.env.Space;

/**
 * The distribution a policy uses for an action space: categorical for {@code Discrete}, one independent
 * categorical per component for {@code MultiDiscrete}, diagonal Gaussian for {@code Box}.
 */
public final class ActionDistributions {

    private ActionDistributions() {
    }

    public static ActionDistribution forSpace(Space actionSpace) {
        if (actionSpace instanceof Discrete discrete) {
            return new CategoricalDistribution(discrete.n());
        }
        if (actionSpace instanceof MultiDiscrete multi) {
            return new MultiCategoricalDistribution(multi.nvec());
        }
        return new DiagonalGaussian(((Box) actionSpace).flatDim());
    }
}
