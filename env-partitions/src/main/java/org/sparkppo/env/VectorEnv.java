package org.sparkppo.env;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.sparkppo.seed.SeedDerivation;
import org.sparkppo.seed.SplitMix64;

/**
 * N environments of one kind stepped together, structure-of-arrays: one observation block
 * {@code [numEnvs * obsDim]}, one action block, and per-env rewards, {@code terminated} and
 * {@code truncated} flags.
 *
 * <p>Semantics follow Gymnasium's {@code TimeLimit} wrapper plus same-step auto-reset (as SB3's
 * {@code DummyVecEnv}): an episode is <em>terminated</em> when the dynamics say its state is
 * terminal and <em>truncated</em> when its step counter reaches {@link EnvSpec#maxEpisodeSteps()};
 * both may hold at once. A finished environment is reset within the same {@link #step}; the
 * observation it finished on stays readable in {@link #finalObservations()} for bootstrapping, and
 * its return and length in {@link #finishedReturns()} and {@link #finishedLengths()}.
 *
 * <p>Environment {@code i} of partition {@code p} resets from its own stream
 * {@code SeedDerivation.stream(seed, ENV_RESET, p, i)}; the stream's position is part of the
 * {@link #snapshot()}, so a restored vector env continues exactly as the original would.
 *
 * <p>The slots are either rows of one {@link EnvDynamics} state block or one {@link Environment}
 * instance each (the object API), which resets an episode from the next {@code long} of its slot's
 * stream. An instance's failures (an exception, a non-finite or missized observation, a non-finite
 * reward) surface as one {@link EnvironmentFailure} naming the class, the env index and the step.
 * Instances restore exactly when their class implements {@link Snapshotting}; otherwise see
 * {@link EnvFamily#restoresExactly()}.
 *
 * <p>An environment that {@link EnvFamily#masksActions() masks actions} is asked for the valid actions
 * of every current observation, after each reset (auto-resets included) and step, into
 * {@link #actionMasks()}; a mask row with a component without any valid action (or, from an
 * {@link Environment}, of the wrong size) is an {@link EnvironmentFailure}.
 */
public final class VectorEnv {
    /** "PPOV": identifies a vector-env snapshot. */
    private static final int SNAPSHOT_MAGIC = 0x50504F56;
    private static final short SNAPSHOT_VERSION = 1;
    /** The snapshot version of a vector env of {@link Environment} instances. */
    private static final short INSTANCES_SNAPSHOT_VERSION = 2;

    private final EnvDynamics dynamics;
    private final EnvironmentClass environmentClass;
    private final Environment[] instances;
    private final double[][] actionRows;
    private final float[] stepObservations;
    private final boolean[] environmentTruncated;
    /** Counts steps and state loads: a live vector env kept for its snapshot is reused only while unchanged. */
    private long generation;
    /** The longest an instances' step may take, in nanoseconds; 0 for no limit. */
    private long stepTimeoutNanos;
    private String stepTimeoutName;
    /** The slot whose instance is being stepped or reset: where a timed-out step hangs. */
    private volatile int currentSlot;
    private final EnvSpec spec;
    /** Null when the environment does not mask actions. */
    private final ActionMaskShape maskShape;
    private final int maskWidth;
    private final boolean[] actionMasks;
    private final int numEnvs;
    private final int stateDim;
    private final int obsDim;
    private final int maxEpisodeSteps;

    private final double[] state;
    private final SplitMix64[] resetStreams;
    private final int[] elapsedSteps;
    private final double[] episodeReturns;
    private final int[] episodeLengths;

    private final float[] observations;
    private final float[] finalObservations;
    private final double[] rewards;
    private final boolean[] terminated;
    private final boolean[] truncated;
    private final double[] finishedReturns;
    private final int[] finishedLengths;

    private VectorEnv(EnvDynamics dynamics, int numEnvs) {
        this(dynamics, null, dynamics.spec(), numEnvs);
    }

    private VectorEnv(EnvironmentClass environmentClass, int numEnvs) {
        this(null, environmentClass, environmentClass.spec(), numEnvs);
    }

    private VectorEnv(EnvDynamics dynamics, EnvironmentClass environmentClass, EnvSpec spec, int numEnvs) {
        if (numEnvs < 1) {
            throw new IllegalArgumentException("numEnvs must be >= 1, but was " + numEnvs);
        }
        this.dynamics = dynamics;
        this.environmentClass = environmentClass;
        this.spec = spec;
        boolean objects = environmentClass != null;
        this.instances = objects ? new Environment[numEnvs] : null;
        this.actionRows = objects ? new double[numEnvs][spec.actionSpace().flatDim()] : null;
        this.stepObservations = objects ? new float[numEnvs * spec.observationSpace().flatDim()] : null;
        this.environmentTruncated = objects ? new boolean[numEnvs] : null;
        boolean masks = objects ? environmentClass.masksActions() : dynamics.masksActions();
        this.maskShape = masks ? maskShapeOf(spec, objects ? environmentClass.implementationName()
                : dynamics.getClass().getName()) : null;
        this.maskWidth = masks ? maskShape.width() : 0;
        this.actionMasks = masks ? new boolean[numEnvs * maskWidth] : null;
        this.numEnvs = numEnvs;
        this.stateDim = spec.stateDim();
        this.obsDim = spec.observationSpace().flatDim();
        this.maxEpisodeSteps = spec.hasTimeLimit() ? spec.maxEpisodeSteps() : Integer.MAX_VALUE;
        this.state = new double[numEnvs * stateDim];
        this.resetStreams = new SplitMix64[numEnvs];
        this.elapsedSteps = new int[numEnvs];
        this.episodeReturns = new double[numEnvs];
        this.episodeLengths = new int[numEnvs];
        this.observations = new float[numEnvs * obsDim];
        this.finalObservations = new float[numEnvs * obsDim];
        this.rewards = new double[numEnvs];
        this.terminated = new boolean[numEnvs];
        this.truncated = new boolean[numEnvs];
        this.finishedReturns = new double[numEnvs];
        this.finishedLengths = new int[numEnvs];
    }

    private static ActionMaskShape maskShapeOf(EnvSpec spec, String implementation) {
        try {
            return ActionMaskShape.of(spec.actionSpace());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("environment " + implementation + " ('" + spec.id()
                    + "') reports action masks, but " + e.getMessage(), e);
        }
    }

    /** A fresh vector env for partition {@code partition} of a run seeded with {@code seed}, every env reset. */
    public static VectorEnv create(EnvDynamics dynamics, int numEnvs, long seed, int partition) {
        VectorEnv env = new VectorEnv(dynamics, numEnvs);
        for (int i = 0; i < numEnvs; i++) {
            env.resetStreams[i] = SeedDerivation.stream(seed, SeedDerivation.Purpose.ENV_RESET, partition, i);
            env.resetEnv(i);
        }
        return env;
    }

    /** A fresh vector env of {@code numEnvs} new instances of an {@link Environment} class, every one reset. */
    public static VectorEnv create(EnvironmentClass environmentClass, int numEnvs, long seed, int partition) {
        VectorEnv env = new VectorEnv(environmentClass, numEnvs);
        for (int i = 0; i < numEnvs; i++) {
            env.resetStreams[i] = SeedDerivation.stream(seed, SeedDerivation.Purpose.ENV_RESET, partition, i);
            env.instances[i] = environmentClass.newInstance();
            env.resetEnv(i);
        }
        return env;
    }

    /**
     * Rebuilds a vector env of {@link Environment} instances from {@link #snapshot()} bytes: exactly
     * when the class implements {@link Snapshotting} or this JVM still holds the live instances that
     * gave the bytes; otherwise every slot starts a new episode from the next seed of its stream.
     *
     * @throws IllegalArgumentException when the bytes are no snapshot of this environment
     */
    public static VectorEnv restore(EnvironmentClass environmentClass, byte[] snapshot) {
        boolean snapshotting = environmentClass.restoresExactly();
        if (!snapshotting) {
            VectorEnv live = LiveEnvironments.take(snapshot);
            if (live != null && live.environmentClass.type() == environmentClass.type()) {
                return live;
            }
        }
        EnvSpec spec = environmentClass.spec();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
            readHeader(in, INSTANCES_SNAPSHOT_VERSION, spec.id());
            int n = in.readInt();
            int obsDim = in.readInt();
            if (obsDim != spec.observationSpace().flatDim()) {
                throw new IllegalArgumentException("vector-env snapshot of '" + spec.id() + "' has observation dimension "
                        + obsDim + ", expected " + spec.observationSpace().flatDim());
            }
            if (in.readBoolean() != snapshotting) {
                throw new IllegalArgumentException("vector-env snapshot of '" + spec.id() + "' was taken "
                        + (snapshotting ? "without" : "with") + " instance snapshots, but "
                        + environmentClass.implementationName() + (snapshotting ? " implements " : " no longer implements ")
                        + Snapshotting.class.getSimpleName());
            }
            long bytesPerEnv = Integer.BYTES + Long.BYTES + Double.BYTES + Integer.BYTES + 4L * obsDim;
            if (n < 1 || in.available() < n * bytesPerEnv) {
                throw new IllegalArgumentException("truncated vector-env snapshot (" + snapshot.length + " bytes): "
                        + n + " envs need at least " + n * bytesPerEnv + " bytes after the header, found " + in.available());
            }
            VectorEnv env = new VectorEnv(environmentClass, n);
            for (int i = 0; i < n; i++) {
                env.elapsedSteps[i] = in.readInt();
                env.resetStreams[i] = new SplitMix64(in.readLong());
                env.episodeReturns[i] = in.readDouble();
                env.episodeLengths[i] = in.readInt();
                for (int k = 0; k < obsDim; k++) {
                    env.observations[i * obsDim + k] = in.readFloat();
                }
                env.instances[i] = environmentClass.newInstance();
                if (snapshotting) {
                    int version = in.readInt();
                    byte[] bytes = new byte[in.readInt()];
                    in.readFully(bytes);
                    env.restoreInstance(i, bytes, version);
                    env.updateMask(i, "after restore");
                } else {
                    env.resetEnv(i);
                }
            }
            if (in.available() != 0) {
                throw new IllegalArgumentException("vector-env snapshot has " + in.available() + " trailing bytes");
            }
            return env;
        } catch (IOException | NegativeArraySizeException e) {
            throw new IllegalArgumentException("truncated vector-env snapshot (" + snapshot.length + " bytes)", e);
        }
    }

    private static void readHeader(DataInputStream in, short expectedVersion, String expectedId) throws IOException {
        int magic = in.readInt();
        if (magic != SNAPSHOT_MAGIC) {
            throw new IllegalArgumentException(String.format(
                    "not a vector-env snapshot: expected magic 0x%08X, found 0x%08X", SNAPSHOT_MAGIC, magic));
        }
        short version = in.readShort();
        if (version != expectedVersion) {
            throw new IllegalArgumentException("unsupported vector-env snapshot version: expected "
                    + expectedVersion + ", found " + version);
        }
        String id = in.readUTF();
        if (!id.equals(expectedId)) {
            throw new IllegalArgumentException("vector-env snapshot is of environment '" + id
                    + "', expected '" + expectedId + "'");
        }
    }

    /**
     * Rebuilds a vector env from {@link #snapshot()} bytes.
     *
     * @throws IllegalArgumentException when the bytes are not a snapshot of this version or were
     *                                  taken from another environment
     */
    public static VectorEnv restore(EnvDynamics dynamics, byte[] snapshot) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
            readHeader(in, SNAPSHOT_VERSION, dynamics.spec().id());
            String id = dynamics.spec().id();
            int n = in.readInt();
            int dim = in.readInt();
            if (dim != dynamics.spec().stateDim()) {
                throw new IllegalArgumentException("vector-env snapshot of '" + id + "' has state dimension "
                        + dim + ", expected " + dynamics.spec().stateDim());
            }
            // Checked before allocating, so a corrupt count cannot ask for gigabytes (or overflow the array size).
            long bytesPerEnv = 8L * dim + Integer.BYTES + Long.BYTES + Double.BYTES + Integer.BYTES;
            if (in.available() < n * bytesPerEnv) {
                throw new IllegalArgumentException("truncated vector-env snapshot (" + snapshot.length + " bytes): "
                        + n + " envs need " + n * bytesPerEnv + " bytes after the header, found " + in.available());
            }
            VectorEnv env = new VectorEnv(dynamics, n);
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < dim; k++) {
                    env.state[i * dim + k] = in.readDouble();
                }
                env.elapsedSteps[i] = in.readInt();
                env.resetStreams[i] = new SplitMix64(in.readLong());
                env.episodeReturns[i] = in.readDouble();
                env.episodeLengths[i] = in.readInt();
                dynamics.observe(env.state, i, env.observations);
                env.updateMask(i, "after restore");
            }
            if (in.available() != 0) {
                throw new IllegalArgumentException("vector-env snapshot has " + in.available() + " trailing bytes");
            }
            return env;
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated vector-env snapshot (" + snapshot.length + " bytes)", e);
        }
    }

    /**
     * Everything that decides this vector env's future, in a compact versioned binary form:
     * magic, version, env id, numEnvs, stateDim, then per env its state doubles, step counter,
     * reset-stream state, and running episode return and length. Equal envs give equal bytes.
     */
    public byte[] snapshot() {
        if (instances != null) {
            return snapshotInstances();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + numEnvs * (8 * stateDim + 24));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(SNAPSHOT_MAGIC);
            out.writeShort(SNAPSHOT_VERSION);
            out.writeUTF(spec.id());
            out.writeInt(numEnvs);
            out.writeInt(stateDim);
            for (int i = 0; i < numEnvs; i++) {
                for (int k = 0; k < stateDim; k++) {
                    out.writeDouble(state[i * stateDim + k]);
                }
                out.writeInt(elapsedSteps[i]);
                out.writeLong(resetStreams[i].state());
                out.writeDouble(episodeReturns[i]);
                out.writeInt(episodeLengths[i]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return bytes.toByteArray();
    }

    /**
     * The instances' form (version 2): magic, version, env id, numEnvs, obsDim, whether instance
     * snapshots follow, then per env its step counter, reset-stream state, running episode return
     * and length, current observation and, with {@link Snapshotting}, the instance's version and
     * bytes. Without {@link Snapshotting} this JVM keeps the live instances under the bytes.
     */
    private byte[] snapshotInstances() {
        boolean snapshotting = environmentClass.restoresExactly();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + numEnvs * (24 + 4 * obsDim));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(SNAPSHOT_MAGIC);
            out.writeShort(INSTANCES_SNAPSHOT_VERSION);
            out.writeUTF(spec.id());
            out.writeInt(numEnvs);
            out.writeInt(obsDim);
            out.writeBoolean(snapshotting);
            for (int i = 0; i < numEnvs; i++) {
                out.writeInt(elapsedSteps[i]);
                out.writeLong(resetStreams[i].state());
                out.writeDouble(episodeReturns[i]);
                out.writeInt(episodeLengths[i]);
                for (int k = 0; k < obsDim; k++) {
                    out.writeFloat(observations[i * obsDim + k]);
                }
                if (snapshotting) {
                    Snapshotting instance = (Snapshotting) instances[i];
                    byte[] own;
                    int version;
                    try {
                        version = instance.snapshotVersion();
                        own = instance.snapshot();
                    } catch (RuntimeException e) {
                        throw failure(i, "snapshot() threw " + e, e);
                    }
                    if (own == null) {
                        throw failure(i, "snapshot() returned null", null);
                    }
                    out.writeInt(version);
                    out.writeInt(own.length);
                    out.write(own);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        byte[] snapshot = bytes.toByteArray();
        if (!snapshotting) {
            LiveEnvironments.keep(snapshot, this);
        }
        return snapshot;
    }

    /**
     * Limits how long one {@link #step} of {@link Environment} instances (their steps and the resets
     * of finished episodes) may take: beyond {@code timeout} it fails with an
     * {@link EnvironmentFailure} naming the slot, the step and {@code name} (the setting that chose
     * the limit). The step then runs on a pool thread, which is interrupted and abandoned on a
     * timeout: a step that ignores interruption keeps its thread until the JVM ends. No effect on
     * {@link EnvDynamics}.
     */
    public void limitStepTime(Duration timeout, String name) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("step time limit must be positive, but was " + timeout);
        }
        this.stepTimeoutNanos = timeout.toNanos();
        this.stepTimeoutName = name;
    }

    /**
     * Steps every environment with its action from the block {@code [numEnvs * actionDim]}.
     * Discrete actions are given as their index.
     *
     * @throws EnvironmentFailure when an {@link Environment} instance breaks its contract or its
     *                            step exceeds the {@link #limitStepTime limit}
     */
    public void step(float[] actions) {
        if (instances != null && stepTimeoutNanos > 0) {
            stepWithin(actions);
        } else {
            stepNow(actions);
        }
    }

    private void stepWithin(float[] actions) {
        Future<?> step = TimedSteps.POOL.submit(() -> stepNow(actions));
        try {
            step.get(stepTimeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            step.cancel(true);
            int slot = currentSlot;
            throw failure(slot, "did not return within " + stepTimeoutName + " = "
                    + stepTimeoutNanos / 1e9 + " s", null);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            step.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stepping " + spec.id(), e);
        }
    }

    private void stepNow(float[] actions) {
        generation++;
        if (instances != null) {
            stepInstances(actions);
        } else {
            dynamics.step(state, actions, rewards, terminated, numEnvs);
        }
        for (int i = 0; i < numEnvs; i++) {
            episodeReturns[i] += rewards[i];
            episodeLengths[i]++;
            boolean timeUp = ++elapsedSteps[i] >= maxEpisodeSteps;
            truncated[i] = timeUp || instances != null && environmentTruncated[i];
            if (terminated[i] || truncated[i]) {
                observe(i, finalObservations);
                finishedReturns[i] = episodeReturns[i];
                finishedLengths[i] = episodeLengths[i];
                resetEnv(i);
            } else {
                observe(i, observations);
                if (maskShape != null) {
                    updateMask(i, "after step " + elapsedSteps[i] + " of its episode");
                }
            }
        }
    }

    private void stepInstances(float[] actions) {
        int actionDim = actionDim();
        for (int i = 0; i < numEnvs; i++) {
            double[] action = actionRows[i];
            for (int k = 0; k < actionDim; k++) {
                action[k] = actions[i * actionDim + k];
            }
            StepResult result;
            currentSlot = i;
            try {
                result = instances[i].step(action);
            } catch (RuntimeException e) {
                throw failure(i, "step threw " + e, e);
            }
            if (result == null) {
                throw failure(i, "step returned null", null);
            }
            if (!Double.isFinite(result.reward())) {
                throw failure(i, "step returned the reward " + result.reward(), null);
            }
            copyObservation(i, "step", result.observation(), stepObservations);
            rewards[i] = result.reward();
            terminated[i] = result.terminated();
            environmentTruncated[i] = result.truncated();
        }
    }

    /** Checks an instance's observation (size, finite) and writes it as float32 into row {@code i} of {@code block}. */
    private void copyObservation(int i, String call, double[] observation, float[] block) {
        if (observation == null || observation.length != obsDim) {
            throw failure(i, call + " returned an observation of " + (observation == null ? "null"
                    : observation.length + " entries") + ", expected " + obsDim + " (the observation space's size)", null);
        }
        for (int k = 0; k < obsDim; k++) {
            if (!Double.isFinite(observation[k])) {
                throw failure(i, call + " returned an observation whose entry " + k + " is " + observation[k], null);
            }
            block[i * obsDim + k] = (float) observation[k];
        }
    }

    private EnvironmentFailure failure(int i, String what, Throwable cause) {
        return failure(i, "step " + (elapsedSteps[i] + 1) + " of its episode", what, cause);
    }

    private EnvironmentFailure failure(int i, String when, String what, Throwable cause) {
        String implementation = instances != null ? environmentClass.implementationName() : dynamics.getClass().getName();
        return new EnvironmentFailure("environment " + implementation + " ('" + spec.id() + "'), env index " + i
                + ", " + when + ": " + what, cause);
    }

    /**
     * Asks environment {@code i} for the valid actions of its current observation into its row of
     * {@link #actionMasks}; {@code when} says which observation, for the failure message (callers on the
     * step path build it only for a masking environment).
     */
    private void updateMask(int i, String when) {
        if (maskShape == null) {
            return;
        }
        if (instances != null) {
            boolean[] valid;
            try {
                valid = ((MaskedEnvironment) instances[i]).validActions();
            } catch (RuntimeException e) {
                throw failure(i, when, "validActions() threw " + e, e);
            }
            if (valid == null || valid.length != maskWidth) {
                throw failure(i, when, "validActions() returned " + (valid == null ? "null" : valid.length + " flags")
                        + ", expected " + maskWidth + " (one per action of " + spec.actionSpace() + ")", null);
            }
            System.arraycopy(valid, 0, actionMasks, i * maskWidth, maskWidth);
        } else {
            ((MaskedDynamics) dynamics).validActions(state, i, actionMasks);
        }
        int empty = maskShape.firstEmptyComponent(actionMasks, i * maskWidth);
        if (empty >= 0) {
            throw failure(i, when, "validActions() marks no action " + (maskShape.componentSizes().length > 1
                    ? "of component " + empty + " " : "") + "valid; every state needs at least one valid action"
                    + " (of " + spec.actionSpace() + ")", null);
        }
    }

    private void restoreInstance(int i, byte[] bytes, int version) {
        try {
            ((Snapshotting) instances[i]).restore(bytes, version);
        } catch (RuntimeException e) {
            throw failure(i, "restore(" + bytes.length + " bytes, version " + version + ") threw " + e, e);
        }
    }

    /** Writes environment {@code i}'s observation after the current step into row {@code i} of {@code block}. */
    private void observe(int i, float[] block) {
        if (instances != null) {
            System.arraycopy(stepObservations, i * obsDim, block, i * obsDim, obsDim);
        } else {
            dynamics.observe(state, i, block);
        }
    }

    /**
     * Sets environment {@code env}'s internal state and time-limit counter, as Gymnasium users do
     * by assigning {@code env.unwrapped.state}; used to replay reference transitions.
     */
    public void loadState(int env, double[] envState, int elapsed) {
        requireStateBlock();
        generation++;
        if (envState.length != stateDim) {
            throw new IllegalArgumentException("state of " + spec.id() + " has " + stateDim
                    + " entries, but " + envState.length + " were given");
        }
        System.arraycopy(envState, 0, state, env * stateDim, stateDim);
        elapsedSteps[env] = elapsed;
        dynamics.observe(state, env, observations);
        updateMask(env, "after a state load");
    }

    private void resetEnv(int i) {
        elapsedSteps[i] = 0;
        episodeReturns[i] = 0;
        episodeLengths[i] = 0;
        if (instances != null) {
            currentSlot = i;
            long seed = resetStreams[i].nextLong();
            double[] first;
            try {
                first = instances[i].reset(seed);
            } catch (RuntimeException e) {
                throw failure(i, "reset(" + seed + ") threw " + e, e);
            }
            copyObservation(i, "reset(" + seed + ")", first, observations);
            if (maskShape != null) {
                updateMask(i, "after reset(" + seed + ")");
            }
        } else {
            dynamics.reset(state, i, resetStreams[i]);
            dynamics.observe(state, i, observations);
            updateMask(i, "after reset");
        }
    }

    private void requireStateBlock() {
        if (instances != null) {
            throw new IllegalStateException(spec.id() + " is an object-API environment (" + environmentClass.implementationName()
                    + "): it has no state block");
        }
    }

    /** Incremented by every step and state load. */
    long generation() {
        return generation;
    }

    public EnvSpec spec() {
        return spec;
    }

    public int numEnvs() {
        return numEnvs;
    }

    public int observationDim() {
        return obsDim;
    }

    public int actionDim() {
        return spec.actionSpace().flatDim();
    }

    /** Current observations {@code [numEnvs * obsDim]}; live view, overwritten by the next step. */
    public float[] observations() {
        return observations;
    }

    /**
     * Which actions are valid for the current observations, {@code [numEnvs × width]} with
     * {@link ActionMaskShape#width()} flags per row ({@code true}: valid); live view, overwritten by the
     * next step. Null when the environment does not {@link EnvFamily#masksActions() mask actions}.
     */
    public boolean[] actionMasks() {
        return actionMasks;
    }

    /** The layout of {@link #actionMasks()} rows; null when the environment does not mask actions. */
    public ActionMaskShape actionMaskShape() {
        return maskShape;
    }

    /** Row {@code i} holds the last observation of env {@code i}'s episode where it just finished. */
    public float[] finalObservations() {
        return finalObservations;
    }

    public double[] rewards() {
        return rewards;
    }

    public boolean[] terminated() {
        return terminated;
    }

    public boolean[] truncated() {
        return truncated;
    }

    /** Entry {@code i} is the return of the episode env {@code i} just finished. */
    public double[] finishedReturns() {
        return finishedReturns;
    }

    /** Entry {@code i} is the length of the episode env {@code i} just finished. */
    public int[] finishedLengths() {
        return finishedLengths;
    }

    /** A copy of environment {@code env}'s internal state. */
    public double[] state(int env) {
        requireStateBlock();
        return Arrays.copyOfRange(state, env * stateDim, (env + 1) * stateDim);
    }
}
