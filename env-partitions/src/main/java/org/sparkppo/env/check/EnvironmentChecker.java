package org.sparkppo.env.check;

import java.util.Arrays;
import java.util.Objects;
import org.sparkppo.env.ActionMaskShape;
import org.sparkppo.env.Box;
import org.sparkppo.env.Discrete;
import org.sparkppo.env.EnvSpec;
import org.sparkppo.env.Environment;
import org.sparkppo.env.EnvironmentClass;
import org.sparkppo.env.MaskedEnvironment;
import org.sparkppo.env.MultiDiscrete;
import org.sparkppo.env.Snapshotting;
import org.sparkppo.env.Space;
import org.sparkppo.env.StepResult;
import org.sparkppo.seed.SplitMix64;

/**
 * Runs an {@link Environment} class through its contract, as Stable-Baselines3's {@code check_env}
 * runs a {@code gym.Env}, and reports every violation with a fix: the spec and its spaces (the same
 * for every instance), observation sizes and bounds, non-finite observations or rewards, determinism
 * (the same seed and actions give the same trajectory), a reset after a finished episode giving the
 * same start as a fresh instance, snapshot → restore → step equal to stepping on, an action outside
 * the action space being refused, and exceptions (named with their class and where they were
 * thrown). A {@link MaskedEnvironment} has its masks checked after every reset and step (the size,
 * a valid action in every component, the same masks on the same trajectory) and is stepped with
 * valid actions only. Then measures steps per second and the cost of a snapshot.
 */
public final class EnvironmentChecker {
    /** Steps of each trajectory compared (across episode boundaries). */
    static final int TRAJECTORY_STEPS = 300;
    private static final long SEED = 12345L;

    private final EnvironmentClass type;
    private final CheckReport report = new CheckReport();
    private EnvSpec spec;
    /** Null when the environment does not mask actions. */
    private ActionMaskShape maskShape;

    private EnvironmentChecker(EnvironmentClass type) {
        this.type = type;
    }

    /** Every check on {@code type}; throughput measured for about {@code throughputSeconds}. */
    public static CheckReport check(EnvironmentClass type, double throughputSeconds) {
        EnvironmentChecker checker = new EnvironmentChecker(type);
        checker.run(throughputSeconds);
        return checker.report;
    }

    /** Thrown inside a check to stop it after its problem was reported. */
    private static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stop() {
            super(null, null, false, false);
        }
    }

    private void run(double throughputSeconds) {
        spec = type.spec();
        if (!checkSpec()) {
            return;
        }
        guarded("observations", this::checkObservations);
        guarded("determinism", this::checkDeterminism);
        guarded("reset", this::checkResetAfterEpisode);
        guarded("snapshot", this::checkSnapshot);
        guarded("action-space", this::checkActionOutsideSpace);
        if (report.clean()) {
            guarded("throughput", () -> measure(throughputSeconds));
        }
    }

    private void guarded(String check, Runnable body) {
        try {
            body.run();
        } catch (Stop stop) {
            // The check reported its problem.
        } catch (RuntimeException e) {
            report.problem("exception", check + " check: the environment threw " + describe(e),
                    "fix the exception; reset and step must not throw for valid seeds and actions");
        }
    }

    private boolean checkSpec() {
        Environment second = type.newInstance();
        if (!spec.equals(second.spec())) {
            report.problem("spec", "two instances return different specs: " + spec + " and " + second.spec(),
                    "return one constant EnvSpec (a static final field) from spec()");
            return false;
        }
        if (spec.observationSpace().flatDim() < 1) {
            report.problem("spaces", "the observation space has no entries", "give the Box at least one dimension");
            return false;
        }
        if (type.masksActions()) {
            if (spec.actionSpace() instanceof Box) {
                report.problem("mask", "the environment implements " + MaskedEnvironment.class.getSimpleName()
                        + ", but its action space is " + spec.actionSpace() + "; continuous actions cannot be masked",
                        "use a Discrete or MultiDiscrete action space, or drop " + MaskedEnvironment.class.getSimpleName());
                return false;
            }
            maskShape = ActionMaskShape.of(spec.actionSpace());
        }
        if (!spec.hasTimeLimit()) {
            report.problem("spaces", "the spec has no time limit (maxEpisodeSteps 0)",
                    "set maxEpisodeSteps so that every episode ends; evaluation needs it");
        }
        return true;
    }

    private void checkObservations() {
        Environment env = type.newInstance();
        SplitMix64 actions = new SplitMix64(SEED);
        double[] obs = env.reset(SEED);
        checkObservation("reset(" + SEED + ")", obs);
        String after = "reset(" + SEED + ")";
        for (int t = 0; t < TRAJECTORY_STEPS; t++) {
            StepResult r = env.step(randomAction(actions, maskOf(env, after)));
            after = "step " + (t + 1);
            if (r == null) {
                report.problem("observations", "step returned null", "return a StepResult");
                throw new Stop();
            }
            checkObservation("step " + (t + 1), r.observation());
            if (!Double.isFinite(r.reward())) {
                report.problem("nan-inf", "step " + (t + 1) + " returned the reward " + r.reward(),
                        "keep rewards finite (check divisions and logarithms)");
                throw new Stop();
            }
            if (r.terminated() || r.truncated()) {
                checkObservation("reset(" + (SEED + t) + ")", env.reset(SEED + t));
                after = "reset(" + (SEED + t) + ")";
            }
        }
    }

    /**
     * The valid actions {@code env} reports after {@code call}, checked (size, a valid action in every
     * component); null when the environment does not mask actions.
     */
    boolean[] maskOf(Environment env, String call) {
        if (maskShape == null) {
            return null;
        }
        boolean[] mask = ((MaskedEnvironment) env).validActions();
        if (mask == null || mask.length != maskShape.width()) {
            report.problem("mask", "validActions() after " + call + " returned " + (mask == null ? "null"
                    : mask.length + " flags") + ", the action space " + spec.actionSpace() + " needs "
                    + maskShape.width(), "return one flag per action (per value of each component, component after "
                    + "component)");
            throw new Stop();
        }
        int empty = maskShape.firstEmptyComponent(mask, 0);
        if (empty >= 0) {
            report.problem("mask", "validActions() after " + call + " marks no action" + (maskShape.componentSizes().length
                    > 1 ? " of component " + empty : "") + " valid", "every state needs at least one valid action "
                    + "(per component); end the episode (terminated) where none is left");
            throw new Stop();
        }
        return mask.clone();
    }

    private void checkObservation(String call, double[] obs) {
        Box box = spec.observationSpace();
        if (obs == null || obs.length != box.flatDim()) {
            report.problem("shape", call + " returned an observation of " + (obs == null ? "null" : obs.length
                    + " entries") + ", the observation space " + box + " has " + box.flatDim(),
                    "return exactly observationSpace().flatDim() values, or fix the spec's Box");
            throw new Stop();
        }
        for (int k = 0; k < obs.length; k++) {
            if (!Double.isFinite(obs[k])) {
                report.problem("nan-inf", call + " returned an observation whose entry " + k + " is " + obs[k],
                        "keep observations finite; clamp or rescale the quantity");
                throw new Stop();
            }
            float value = (float) obs[k];
            if (value < box.low(k) || value > box.high(k)) {
                report.problem("bounds", call + " returned " + obs[k] + " in entry " + k + ", outside the observation "
                        + "space's [" + box.low(k) + ", " + box.high(k) + "]",
                        "widen the Box's bounds (Float.NEGATIVE_INFINITY/POSITIVE_INFINITY if unbounded) or clamp");
                throw new Stop();
            }
        }
    }

    /** Two fresh instances, same seeds and actions, must agree step for step. */
    private void checkDeterminism() {
        Trajectory a = Trajectory.record(type.newInstance(), SEED, new SplitMix64(SEED), TRAJECTORY_STEPS, this);
        Trajectory b = Trajectory.record(type.newInstance(), SEED, new SplitMix64(SEED), TRAJECTORY_STEPS, this);
        int differs = a.firstDifference(b);
        if (differs >= 0) {
            report.problem("determinism", "two instances reset with the same seed and given the same actions differ at "
                    + (differs == 0 ? "the first observation" : "step " + differs),
                    "draw every random number from a generator seeded in reset(seed) (no shared static Random, "
                    + "no clock, no iteration over hash-ordered collections)");
        }
    }

    /** After finished episodes, reset(seed) must start the same episode as on a fresh instance. */
    private void checkResetAfterEpisode() {
        Environment used = type.newInstance();
        Trajectory.record(used, SEED + 1, new SplitMix64(SEED + 1), TRAJECTORY_STEPS, this);
        Trajectory again = Trajectory.record(used, SEED, new SplitMix64(SEED), TRAJECTORY_STEPS, this);
        Trajectory fresh = Trajectory.record(type.newInstance(), SEED, new SplitMix64(SEED), TRAJECTORY_STEPS, this);
        int differs = fresh.firstDifference(again);
        if (differs >= 0) {
            report.problem("reset", "reset(seed) after earlier episodes does not start the episode a fresh instance "
                    + "starts with that seed (they differ at " + (differs == 0 ? "the first observation" : "step "
                    + differs) + ")", "set every field of the episode's state in reset, including flags such as "
                    + "'done' and counters");
        }
    }

    private void checkSnapshot() {
        if (!(type.newInstance() instanceof Snapshotting)) {
            report.measured("snapshot: not implemented (runs are exact only while partitions stay on their executor)");
            return;
        }
        Environment original = type.newInstance();
        SplitMix64 actions = new SplitMix64(SEED);
        original.reset(SEED);
        int warmUp = Math.min(17, Math.max(1, spec.maxEpisodeSteps() / 2));
        for (int t = 0; t < warmUp; t++) {
            StepResult r = original.step(randomAction(actions, maskOf(original, "a warm-up step")));
            if (r.terminated() || r.truncated()) {
                original.reset(SEED + t);
            }
        }
        Snapshotting source = (Snapshotting) original;
        byte[] bytes = source.snapshot();
        Environment copy = type.newInstance();
        ((Snapshotting) copy).restore(bytes.clone(), source.snapshotVersion());
        long actionSeed = actions.nextLong();
        Trajectory on = Trajectory.continueFrom(original, SEED, new SplitMix64(actionSeed), TRAJECTORY_STEPS, this);
        Trajectory restored = Trajectory.continueFrom(copy, SEED, new SplitMix64(actionSeed), TRAJECTORY_STEPS, this);
        int differs = on.firstDifference(restored);
        if (differs >= 0) {
            report.problem("snapshot", "an instance restored from a snapshot steps differently from the original from step "
                    + differs + " on", "write every field that decides the future in snapshot() (random generator "
                    + "state included) and read all of them in restore()");
        }
    }

    private void checkActionOutsideSpace() {
        double[] outside = outsideAction(spec.actionSpace());
        if (outside == null) {
            return;
        }
        Environment env = type.newInstance();
        env.reset(SEED);
        try {
            env.step(outside);
        } catch (IllegalArgumentException expected) {
            return;
        }
        report.problem("action-space", "step accepted the action " + Arrays.toString(outside) + ", outside "
                + spec.actionSpace(), "throw an IllegalArgumentException for actions outside the action space, "
                + "so a mismatch between spec and simulator shows at once");
    }

    private void measure(double seconds) {
        Environment env = type.newInstance();
        SplitMix64 actions = new SplitMix64(SEED);
        double[][] ring = new double[64][];
        for (int k = 0; k < ring.length; k++) {
            ring[k] = randomAction(actions, null);
        }
        env.reset(SEED);
        long steps = 0;
        long episodes = 0;
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        while (System.nanoTime() < deadline) {
            for (double[] action : ring) {
                // A masking environment gets a valid action, drawn per step (its validActions() call included).
                StepResult r = env.step(maskShape == null ? action.clone()
                        : randomAction(actions, ((MaskedEnvironment) env).validActions()));
                steps++;
                if (r.terminated() || r.truncated()) {
                    env.reset(SEED + ++episodes);
                }
            }
        }
        double elapsed = (System.nanoTime() - start) * 1e-9;
        report.measured(String.format("throughput: %.0f steps/s (one instance, one thread, random %sactions, %d steps)",
                steps / elapsed, maskShape == null ? "" : "valid ", steps));
        if (env instanceof Snapshotting snapshotting) {
            int rounds = 0;
            long bytes = 0;
            long snapStart = System.nanoTime();
            while (rounds < 1000 || System.nanoTime() - snapStart < 2e8) {
                bytes = snapshotting.snapshot().length;
                rounds++;
            }
            double micros = (System.nanoTime() - snapStart) * 1e-3 / rounds;
            report.measured(String.format("snapshot: %d bytes, %.2f µs each (a partition takes one per env and iteration)",
                    bytes, micros));
        }
    }

    /** A uniformly random action, of the valid ones where {@code mask} is not null. */
    double[] randomAction(SplitMix64 rng, boolean[] mask) {
        Space space = spec.actionSpace();
        if (!(space instanceof Box box)) {
            int[] sizes = ActionMaskShape.of(space).componentSizes();
            double[] action = new double[sizes.length];
            int offset = 0;
            for (int c = 0; c < sizes.length; c++) {
                action[c] = mask == null ? rng.nextInt(sizes[c]) : validIndex(rng, mask, offset, sizes[c]);
                offset += sizes[c];
            }
            return action;
        }
        double[] action = new double[box.flatDim()];
        for (int k = 0; k < action.length; k++) {
            double low = Math.max(box.low(k), -1e3);
            double high = Math.min(box.high(k), 1e3);
            action[k] = (float) rng.uniform(low, high);
        }
        return action;
    }

    private static int validIndex(SplitMix64 rng, boolean[] mask, int offset, int n) {
        int valid = 0;
        for (int k = 0; k < n; k++) {
            valid += mask[offset + k] ? 1 : 0;
        }
        int pick = rng.nextInt(valid);
        int k = 0;
        while (!mask[offset + k] || pick-- > 0) {
            k++;
        }
        return k;
    }

    private static double[] outsideAction(Space space) {
        if (space instanceof Discrete discrete) {
            return new double[] {discrete.n()};
        }
        if (space instanceof MultiDiscrete multi) {
            double[] action = new double[multi.components()];
            action[0] = multi.n(0);
            return action;
        }
        Box box = (Box) space;
        double[] action = new double[box.flatDim()];
        boolean bounded = false;
        for (int k = 0; k < action.length; k++) {
            if (Float.isFinite(box.high(k))) {
                action[k] = box.high(k) + Math.max(1.0, Math.abs(box.high(k)));
                bounded = true;
            } else {
                action[k] = Float.isFinite(box.low(k)) ? box.low(k) : 0;
            }
        }
        return bounded ? action : null;
    }

    /** The exception's class and message and the first stack frame of the environment's own code. */
    String describe(Throwable e) {
        String where = Arrays.stream(e.getStackTrace())
                .filter(f -> f.getClassName().startsWith(type.type().getName()))
                .findFirst().map(f -> " at " + f).orElse("");
        return e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + where;
    }

    /** Observations, rewards and flags of a run of random actions, episodes restarted from seed + step. */
    private record Trajectory(double[][] observations, boolean[][] masks, double[] rewards, boolean[] ends) {

        static Trajectory record(Environment env, long seed, SplitMix64 actions, int steps, EnvironmentChecker checker) {
            double[] first = Objects.requireNonNull(env.reset(seed), "reset returned null").clone();
            return run(env, first, seed, actions, steps, checker);
        }

        static Trajectory continueFrom(Environment env, long seed, SplitMix64 actions, int steps,
                                       EnvironmentChecker checker) {
            return run(env, new double[0], seed, actions, steps, checker);
        }

        private static Trajectory run(Environment env, double[] first, long seed, SplitMix64 actions, int steps,
                                      EnvironmentChecker checker) {
            double[][] observations = new double[steps + 1][];
            boolean[][] masks = new boolean[steps + 1][];
            double[] rewards = new double[steps];
            boolean[] ends = new boolean[steps];
            observations[0] = first;
            masks[0] = checker.maskOf(env, first.length == 0 ? "the snapshot's state" : "reset(" + seed + ")");
            for (int t = 0; t < steps; t++) {
                StepResult r = env.step(checker.randomAction(actions, masks[t]));
                observations[t + 1] = r.observation().clone();
                rewards[t] = r.reward();
                ends[t] = r.terminated() || r.truncated();
                if (ends[t]) {
                    observations[t + 1] = env.reset(seed + t + 1).clone();
                }
                masks[t + 1] = checker.maskOf(env, ends[t] ? "reset(" + (seed + t + 1) + ")" : "step " + (t + 1));
            }
            return new Trajectory(observations, masks, rewards, ends);
        }

        /** The first step (0 = the reset's observation) where the two differ, or -1. */
        int firstDifference(Trajectory other) {
            for (int t = 0; t < observations.length; t++) {
                boolean same = Arrays.equals(observations[t], other.observations[t])
                        && Arrays.equals(masks[t], other.masks[t])
                        && (t == 0 || Double.compare(rewards[t - 1], other.rewards[t - 1]) == 0
                                && ends[t - 1] == other.ends[t - 1]);
                if (!same) {
                    return t;
                }
            }
            return -1;
        }
    }
}
