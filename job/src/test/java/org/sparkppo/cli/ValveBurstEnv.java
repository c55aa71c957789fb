package org.sparkppo.cli;

import java.util.OptionalDouble;
import org.sparkppo.env.Box;
import org.sparkppo.env.Discrete;
import org.sparkppo.env.EnvSpec;
import org.sparkppo.env.Environment;
import org.sparkppo.env.StepResult;

/**
 * An object-API environment that throws on the {@value #BURST_STEP}th step of every episode: a user
 * simulator failing deterministically in the middle of a run, for the environment-failure test.
 * Observation: the step count of the episode; reward 1 per step; never terminates.
 */
public final class ValveBurstEnv implements Environment {
    static final int BURST_STEP = 40;
    private static final EnvSpec SPEC = new EnvSpec("ValveBurst-v0", 1000, OptionalDouble.empty(),
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
        if (++steps == BURST_STEP) {
            throw new IllegalStateException("pressure valve burst");
        }
        return new StepResult(new double[] {steps}, 1.0, false, false);
    }
}
