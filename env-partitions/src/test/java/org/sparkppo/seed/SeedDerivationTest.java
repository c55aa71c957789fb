package org.sparkppo.seed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sparkppo.seed.SeedDerivation.Purpose;

/**
 * Verifies {@link SeedDerivation}: derivation is deterministic and follows its documented chain
 * (each coordinate mixes into the state derived from the ones before it); a stream starts at the
 * derived state; and different seeds, purposes, coordinate values, coordinate orders and numbers of
 * coordinates give different streams.
 */
class SeedDerivationTest {
    private static final long SEED = 2024L;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    @Test
    void derivationIsDeterministic() {
        assertEquals(SeedDerivation.derive(SEED, Purpose.ENV_RESET, 3, 5),
                SeedDerivation.derive(SEED, Purpose.ENV_RESET, 3, 5));
        SplitMix64 a = SeedDerivation.stream(SEED, Purpose.ACTION_SAMPLING, 1, 2);
        SplitMix64 b = SeedDerivation.stream(SEED, Purpose.ACTION_SAMPLING, 1, 2);
        for (int i = 0; i < 100; i++) {
            assertEquals(a.nextLong(), b.nextLong(), "draw " + i);
        }
    }

    @Test
    void streamStartsAtTheDerivedState() {
        long derived = SeedDerivation.derive(SEED, Purpose.MINIBATCH_SHUFFLE, 4, 1, 0);
        assertEquals(derived, SeedDerivation.stream(SEED, Purpose.MINIBATCH_SHUFFLE, 4, 1, 0).state());
    }

    @Test
    void eachCoordinateMixesIntoTheStateDerivedFromTheOnesBefore() {
        long base = SeedDerivation.derive(SEED, Purpose.EVALUATION);
        long first = SeedDerivation.derive(SEED, Purpose.EVALUATION, 6);
        assertEquals(SplitMix64.mix64(base + GOLDEN * 7), first);
        assertEquals(SplitMix64.mix64(first + GOLDEN * 10), SeedDerivation.derive(SEED, Purpose.EVALUATION, 6, 9));
    }

    @Test
    void everyPurposeHasItsOwnStream() {
        Set<Long> states = new HashSet<>();
        for (Purpose purpose : Purpose.values()) {
            states.add(SeedDerivation.derive(SEED, purpose, 0, 0));
        }
        assertEquals(Purpose.values().length, states.size());
    }

    @Test
    void everyPartitionAndEnvHasItsOwnStream() {
        Set<Long> states = new HashSet<>();
        Set<Long> firstDraws = new HashSet<>();
        for (int partition = 0; partition < 64; partition++) {
            for (int env = 0; env < 64; env++) {
                states.add(SeedDerivation.derive(SEED, Purpose.ENV_RESET, partition, env));
                firstDraws.add(SeedDerivation.stream(SEED, Purpose.ENV_RESET, partition, env).nextLong());
            }
        }
        assertEquals(64 * 64, states.size());
        assertEquals(64 * 64, firstDraws.size());
    }

    @Test
    void coordinateOrderCountAndSeedMatter() {
        assertNotEquals(SeedDerivation.derive(SEED, Purpose.ENV_RESET, 1, 2),
                SeedDerivation.derive(SEED, Purpose.ENV_RESET, 2, 1));
        Set<Long> byCount = new HashSet<>(List.of(SeedDerivation.derive(SEED, Purpose.ENV_RESET),
                SeedDerivation.derive(SEED, Purpose.ENV_RESET, 0),
                SeedDerivation.derive(SEED, Purpose.ENV_RESET, 0, 0)));
        assertEquals(3, byCount.size());
        assertNotEquals(SeedDerivation.derive(SEED, Purpose.WEIGHT_INIT),
                SeedDerivation.derive(SEED + 1, Purpose.WEIGHT_INIT));
    }
}
