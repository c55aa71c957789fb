package org.sparkppo.example.inventory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sparkppo.env.StepResult;
import org.sparkppo.seed.SplitMix64;

/**
 * Verifies the worked example's bookkeeping by hand and measures the baselines docs/custom-environment.md
 * compares the learned policy with: uniformly random orders and the best order-up-to level.
 */
class InventoryEnvTest {
    private static final int EPISODES = 2000;

    @Test
    void aDayIsAccountedByHand() {
        InventoryEnv env = new InventoryEnv();
        double[] first = env.reset(3);
        int stock = (int) Math.round(first[0] * InventoryEnv.CAPACITY);
        // Replay the demand draws: reset drew the initial stock from the same stream.
        SplitMix64 demand = new SplitMix64(3);
        assertEquals(stock, demand.nextInt(InventoryEnv.CAPACITY / 2 + 1));
        StepResult day = env.step(new double[] {5});
        int wanted = poisson(demand);
        int sold = Math.min(stock, wanted);
        double expected = 2.0 * sold - 1.0 * 5 - 0.1 * (stock - sold) - 1.0 * (wanted - sold);
        assertEquals(expected, day.reward(), 1e-12);
        assertArrayEquals(new double[] {(stock - sold) / 20.0, 5 / 8.0}, day.observation(), 1e-12);
    }

    @Test
    void theBestOrderUpToLevelBeatsRandomOrders() {
        double random = meanReturn(-1);
        int bestLevel = 0;
        double best = Double.NEGATIVE_INFINITY;
        for (int level = 0; level <= 16; level++) {
            double r = meanReturn(level);
            if (r > best) {
                best = r;
                bestLevel = level;
            }
        }
        System.out.printf("Inventory-v0 over %d episodes: random orders %.1f, best order-up-to level %d: %.1f%n",
                EPISODES, random, bestLevel, best);
        assertTrue(best > random + 50, "order-up-to " + best + ", random " + random);
    }

    /** The mean return of the order-up-to policy at {@code level}, or of random orders for a negative level. */
    private static double meanReturn(int level) {
        SplitMix64 orders = new SplitMix64(11);
        double sum = 0;
        for (int e = 0; e < EPISODES; e++) {
            InventoryEnv env = new InventoryEnv();
            double[] obs = env.reset(1000 + e);
            for (int t = 0; t < InventoryEnv.DAYS; t++) {
                int order = level < 0 ? orders.nextInt(InventoryEnv.MAX_ORDER + 1) : InventoryEnv.orderUpTo(level, obs);
                StepResult r = env.step(new double[] {order});
                sum += r.reward();
                obs = r.observation();
            }
        }
        return sum / EPISODES;
    }

    private static int poisson(SplitMix64 rng) {
        double limit = Math.exp(-InventoryEnv.MEAN_DEMAND);
        double product = rng.nextDouble();
        int k = 0;
        while (product > limit) {
            product *= rng.nextDouble();
            k++;
        }
        return k;
    }
}
