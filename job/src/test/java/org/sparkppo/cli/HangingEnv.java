package org.sparkppo.cli;

import java.util.OptionalDouble;
import org.sparkppo.env.Box;
import org.sparkppo.env.Discrete;
import org.sparkppo.env.EnvSpec;
import org.sparkppo.env.Environment;
import org.sparkppo.env.StepResult;

/**
 * An object-API environment whose {@value #HANG_STEP}th step of an episode sleeps until it is
 * interrupted: a simulator that hangs mid-run, for the step-timeout test.
 */
public final class HangingEnv implements Environment {
    static final int HANG_STEP = 40;
    private static final EnvSpec SPEC = new EnvSpec("Hanging-v0", 1000, OptionalDouble.empty(),
            Box.uniform(0f, 1000f, 1), new Discrete(2));
    private int steps;

    @Override
    public EnvSpec spec() {
        return SPEC;
    }

    @Override
    public double[] reset(long seed) {
        steps = 0;
        return new double[] {0};
    }

    @Override
    public StepResult step(double[] action) {
        if (++steps == HANG_STEP) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                throw new IllegalStateException("interrupted after the step timeout", e);
            }
        }
        return new StepResult(new double[] {steps}, 1.0, false, false);
    }
}
