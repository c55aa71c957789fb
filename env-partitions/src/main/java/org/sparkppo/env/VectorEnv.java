package org.sparkppo.env;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
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
 */
public final class VectorEnv {
    /** "PPOV": identifies a vector-env snapshot. */
    private static final int SNAPSHOT_MAGIC = 0x50504F56;
    private static final short SNAPSHOT_VERSION = 1;

    private final EnvDynamics dynamics;
    private final EnvSpec spec;
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
        if (numEnvs < 1) {
            throw new IllegalArgumentException("numEnvs must be >= 1, but was " + numEnvs);
        }
        this.dynamics = dynamics;
        this.spec = dynamics.spec();
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

    /** A fresh vector env for partition {@code partition} of a run seeded with {@code seed}, every env reset. */
    public static VectorEnv create(EnvDynamics dynamics, int numEnvs, long seed, int partition) {
        VectorEnv env = new VectorEnv(dynamics, numEnvs);
        for (int i = 0; i < numEnvs; i++) {
            env.resetStreams[i] = SeedDerivation.stream(seed, SeedDerivation.Purpose.ENV_RESET, partition, i);
            env.resetEnv(i);
        }
        return env;
    }

    /**
     * Rebuilds a vector env from {@link #snapshot()} bytes.
     *
     * @throws IllegalArgumentException when the bytes are not a snapshot of this version or were
     *                                  taken from another environment
     */
    public static VectorEnv restore(EnvDynamics dynamics, byte[] snapshot) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
            int magic = in.readInt();
            if (magic != SNAPSHOT_MAGIC) {
                throw new IllegalArgumentException(String.format(
                        "not a vector-env snapshot: expected magic 0x%08X, found 0x%08X", SNAPSHOT_MAGIC, magic));
            }
            short version = in.readShort();
            if (version != SNAPSHOT_VERSION) {
                throw new IllegalArgumentException("unsupported vector-env snapshot version: expected "
                        + SNAPSHOT_VERSION + ", found " + version);
            }
            String id = in.readUTF();
            if (!id.equals(dynamics.spec().id())) {
                throw new IllegalArgumentException("vector-env snapshot is of environment '" + id
                        + "', expected '" + dynamics.spec().id() + "'");
            }
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
     * Steps every environment with its action from the block {@code [numEnvs * actionDim]}.
     * Discrete actions are given as their index.
     */
    public void step(float[] actions) {
        dynamics.step(state, actions, rewards, terminated, numEnvs);
        for (int i = 0; i < numEnvs; i++) {
            episodeReturns[i] += rewards[i];
            episodeLengths[i]++;
            boolean timeUp = ++elapsedSteps[i] >= maxEpisodeSteps;
            truncated[i] = timeUp;
            if (terminated[i] || timeUp) {
                dynamics.observe(state, i, finalObservations);
                finishedReturns[i] = episodeReturns[i];
                finishedLengths[i] = episodeLengths[i];
                resetEnv(i);
            } else {
                dynamics.observe(state, i, observations);
            }
        }
    }

    /**
     * Sets environment {@code env}'s internal state and time-limit counter, as Gymnasium users do
     * by assigning {@code env.unwrapped.state}; used to replay reference transitions.
     */
    public void loadState(int env, double[] envState, int elapsed) {
        if (envState.length != stateDim) {
            throw new IllegalArgumentException("state of " + spec.id() + " has " + stateDim
                    + " entries, but " + envState.length + " were given");
        }
        System.arraycopy(envState, 0, state, env * stateDim, stateDim);
        elapsedSteps[env] = elapsed;
        dynamics.observe(state, env, observations);
    }

    private void resetEnv(int i) {
        dynamics.reset(state, i, resetStreams[i]);
        elapsedSteps[i] = 0;
        episodeReturns[i] = 0;
        episodeLengths[i] = 0;
        dynamics.observe(state, i, observations);
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
        return Arrays.copyOfRange(state, env * stateDim, (env + 1) * stateDim);
    }
}
