package org.sparkppo.cli;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.TaskContext;
import org.sparkppo.env.EnvDynamics;
import org.sparkppo.env.EnvSpec;
import org.sparkppo.env.classic.CartPole;
import org.sparkppo.seed.SplitMix64;

/**
 * CartPole-v1's dynamics under another id, whose first step inside a Spark task of partition 1
 * throws once per JVM: a rollout task that fails its first attempt, for the retry-determinism test.
 */
public final class FlakyCartPole implements EnvDynamics {
    static final AtomicBoolean FAILED_ONCE = new AtomicBoolean();
    private static final CartPole CART_POLE = new CartPole();
    private static final EnvSpec SPEC = new EnvSpec("FlakyCartPole-v1", CART_POLE.spec().maxEpisodeSteps(),
            CART_POLE.spec().rewardThreshold(), CART_POLE.spec().observationSpace(), CART_POLE.spec().actionSpace(),
            CART_POLE.spec().stateDim());

    @Override
    public EnvSpec spec() {
        return SPEC;
    }

    @Override
    public void reset(double[] state, int env, SplitMix64 rng) {
        CART_POLE.reset(state, env, rng);
    }

    @Override
    public void step(double[] state, float[] actions, double[] rewards, boolean[] terminated, int numEnvs) {
        TaskContext task = TaskContext.get();
        if (task != null && task.partitionId() == 1 && task.attemptNumber() == 0 && FAILED_ONCE.compareAndSet(false, true)) {
            throw new IllegalStateException("injected failure of a rollout task's first attempt");
        }
        CART_POLE.step(state, actions, rewards, terminated, numEnvs);
    }

    @Override
    public void observe(double[] state, int env, float[] observations) {
        CART_POLE.observe(state, env, observations);
    }
}
