package org.sparkppo.partition;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;
import org.sparkppo.env.EnvFamily;
import org.sparkppo.env.VectorEnv;

/**
 * What one environment partition carries from one iteration to the next: its index, the
 * snapshot of its vector env ({@link VectorEnv#snapshot()}) and, when the run scales rewards, each
 * environment's running discounted return (empty otherwise, and before the first iteration), and a
 * recurrent policy's state of each environment (empty otherwise). Small (a few hundred bytes for the
 * classic-control envs; for an {@code Environment} class, what its instances' snapshots hold), so the driver keeps every partition's state and Spark's lineage stays one
 * iteration deep: a lost partition is recomputed exactly from it.
 */
public final class PartitionState implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int partition;
    private final byte[] envSnapshot;
    private final double[] discountedReturns;
    private final double[] recurrentState;

    public PartitionState(int partition, byte[] envSnapshot) {
        this(partition, envSnapshot, new double[0]);
    }

    public PartitionState(int partition, byte[] envSnapshot, double[] discountedReturns) {
        this(partition, envSnapshot, discountedReturns, new double[0]);
    }

    /**
     * @param recurrentState a recurrent policy's state of each environment after the last step (reset
     *                       where an episode ended), in the policy's layout; empty for none
     */
    public PartitionState(int partition, byte[] envSnapshot, double[] discountedReturns, double[] recurrentState) {
        if (partition < 0) {
            throw new IllegalArgumentException("partition must be >= 0, but was " + partition);
        }
        this.partition = partition;
        this.envSnapshot = Objects.requireNonNull(envSnapshot, "envSnapshot").clone();
        this.discountedReturns = Objects.requireNonNull(discountedReturns, "discountedReturns").clone();
        this.recurrentState = Objects.requireNonNull(recurrentState, "recurrentState").clone();
    }

    /** The state of a vector env as it is now. */
    public static PartitionState of(int partition, VectorEnv env) {
        return new PartitionState(partition, env.snapshot());
    }

    /** The state of a vector env as it is now, with the running discounted returns and the policy's recurrent state. */
    public static PartitionState of(int partition, VectorEnv env, double[] discountedReturns, double[] recurrentState) {
        return new PartitionState(partition, env.snapshot(), discountedReturns, recurrentState);
    }

    public int partition() {
        return partition;
    }

    public byte[] envSnapshot() {
        return envSnapshot.clone();
    }

    /** Each environment's running discounted return for reward scaling; empty when there is none. */
    public double[] discountedReturns() {
        return discountedReturns.clone();
    }

    /** A recurrent policy's state of each environment (its hidden and cell states); empty when there is none. */
    public double[] recurrentState() {
        return recurrentState.clone();
    }

    /**
     * The vector env this state describes, ready to step; exact unless the family says otherwise
     * ({@link EnvFamily#restoresExactly()}).
     */
    public VectorEnv restoreEnv(EnvFamily family) {
        return family.restore(envSnapshot);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PartitionState p && p.partition == partition && Arrays.equals(p.envSnapshot, envSnapshot)
                && Arrays.equals(p.discountedReturns, discountedReturns)
                && Arrays.equals(p.recurrentState, recurrentState);
    }

    @Override
    public int hashCode() {
        return ((31 * partition + Arrays.hashCode(envSnapshot)) * 31 + Arrays.hashCode(discountedReturns)) * 31
                + Arrays.hashCode(recurrentState);
    }
}
