package org.sparkppo.cli;

import java.util.OptionalDouble;
import org.sparkppo.env.Box;
import org.sparkppo.env.EnvSpec;
import org.sparkppo.env.MaskedEnvironment;
import org.sparkppo.env.StepResult;

/** A masking environment with a continuous action space, which a config must not name (bad input). */
public final class MaskedBoxEnv implements MaskedEnvironment {
    private static final EnvSpec SPEC = new EnvSpec("MaskedBox-v0", 10, OptionalDouble.empty(), Box.uniform(0f, 1f, 1),
            Box.uniform(-1f, 1f, 1));

    @Override
    public EnvSpec spec() {
        return SPEC;
    }

    @Override
    public double[] reset(long seed) {
        return new double[1];
    }

    @Override
    public StepResult step(double[] action) {
        return new StepResult(new double[1], 0, false, false);
    }

    @Override
    public boolean[] validActions() {
        return new boolean[] {true};
    }
}
