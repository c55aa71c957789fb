package org.sparkppo.example.inventory;

import java.nio.ByteBuffer;
import java.util.OptionalDouble;
import org.sparkppo.env.Box;
import org.sparkppo.env.Discrete;
import org.sparkppo.env.EnvSpec;
import org.sparkppo.env.Environment;
import org.sparkppo.env.Snapshotting;
import org.sparkppo.env.StepResult;
import org.sparkppo.seed.SplitMix64;

/**
 * {@code Inventory-v0}, the worked example of docs/custom-environment.md: one warehouse, one product,
 * lost sales, an order lead time of one day and Poisson demand (mean {@value #MEAN_DEMAND} a day).
 * Each day the order placed yesterday arrives (stock is capped at {@value #CAPACITY}: what does not fit
 * is paid for and lost), customers buy what is on the shelf, and the manager orders 0 to
 * {@value #MAX_ORDER} units for tomorrow.
 *
 * <p>Reward per day: {@value #PRICE} per unit sold − {@value #UNIT_COST} per unit ordered −
 * {@value #HOLDING_COST} per unit left in stock − {@value #LOST_SALE_PENALTY} per unit of unmet demand.
 * Observation: {@code (stock / CAPACITY, in transit / MAX_ORDER)}. An episode is
 * {@value #DAYS} days (the spec's time limit). The obvious baseline is an order-up-to policy
 * ({@link #orderUpTo}). Deterministic given the seed, and snapshots its whole state (the demand
 * generator's included), so training on it keeps every guarantee of the built-in environments.
 */
public final class InventoryEnv implements Environment, Snapshotting {
    public static final String ID = "Inventory-v0";
    static final int CAPACITY = 20;
    static final int MAX_ORDER = 8;
    static final double MEAN_DEMAND = 3.0;
    static final double PRICE = 2.0;
    static final double UNIT_COST = 1.0;
    static final double HOLDING_COST = 0.1;
    static final double LOST_SALE_PENALTY = 1.0;
    static final int DAYS = 50;
    private static final EnvSpec SPEC = new EnvSpec(ID, DAYS, OptionalDouble.empty(), Box.uniform(0f, 1f, 2),
            new Discrete(MAX_ORDER + 1));

    private int stock;
    private int inTransit;
    private SplitMix64 demand = new SplitMix64(0);

    @Override
    public EnvSpec spec() {
        return SPEC;
    }

    @Override
    public double[] reset(long seed) {
        demand = new SplitMix64(seed);
        stock = demand.nextInt(CAPACITY / 2 + 1);
        inTransit = 0;
        return observation();
    }

    @Override
    public StepResult step(double[] action) {
        int order = (int) action[0];
        if (action.length != 1 || order != action[0] || order < 0 || order > MAX_ORDER) {
            throw new IllegalArgumentException("expected an order of 0 to " + MAX_ORDER + " units, found "
                    + java.util.Arrays.toString(action));
        }
        stock = Math.min(CAPACITY, stock + inTransit);
        inTransit = order;
        int wanted = poisson(MEAN_DEMAND);
        int sold = Math.min(stock, wanted);
        stock -= sold;
        double reward = PRICE * sold - UNIT_COST * order - HOLDING_COST * stock - LOST_SALE_PENALTY * (wanted - sold);
        return new StepResult(observation(), reward, false, false);
    }

    /**
     * The order-up-to (base-stock) policy: order what brings stock plus the order in transit up to
     * {@code level}, within 0 .. {@value #MAX_ORDER}.
     */
    public static int orderUpTo(int level, double[] observation) {
        int position = (int) Math.round(observation[0] * CAPACITY) + (int) Math.round(observation[1] * MAX_ORDER);
        return Math.max(0, Math.min(MAX_ORDER, level - position));
    }

    private double[] observation() {
        return new double[] {(double) stock / CAPACITY, (double) inTransit / MAX_ORDER};
    }

    /** Knuth's multiplication method: exact for small means. */
    private int poisson(double mean) {
        double limit = Math.exp(-mean);
        double product = demand.nextDouble();
        int k = 0;
        while (product > limit) {
            product *= demand.nextDouble();
            k++;
        }
        return k;
    }

    @Override
    public int snapshotVersion() {
        return 1;
    }

    @Override
    public byte[] snapshot() {
        return ByteBuffer.allocate(16).putInt(stock).putInt(inTransit).putLong(demand.state()).array();
    }

    @Override
    public void restore(byte[] snapshot, int version) {
        if (version != 1 || snapshot.length != 16) {
            throw new IllegalArgumentException("expected an Inventory-v0 snapshot of version 1 and 16 bytes, found version "
                    + version + " and " + snapshot.length + " bytes");
        }
        ByteBuffer in = ByteBuffer.wrap(snapshot);
        stock = in.getInt();
        inTransit = in.getInt();
        demand = new SplitMix64(in.getLong());
    }
}
