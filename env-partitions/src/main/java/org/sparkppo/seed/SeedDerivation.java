package org.sparkppo.seed;

/**
 * Derives every random stream of a run from the run's seed and the coordinates of the work it
 * serves, so that a recomputed Spark partition draws exactly the same numbers.
 *
 * <p>Derivation: start from {@code h = mix64(seed ^ PURPOSE)} where {@code PURPOSE} is a fixed
 * 64-bit constant per {@link Purpose}; for each coordinate {@code c} in order,
 * {@code h = mix64(h + GOLDEN * (c + 1))}. The result is the initial state of a {@link SplitMix64}.
 * {@code mix64} is a bijection, so distinct purposes and coordinates give unrelated streams.
 */
public final class SeedDerivation {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    /** What a stream is for; each purpose has its own constant so streams never coincide. */
    public enum Purpose {
        /** Environment resets: coordinates (partition, env). Lives in the env snapshot across iterations. */
        ENV_RESET(0x454E565F52455345L),
        /** Action sampling: coordinates (iteration, partition). */
        ACTION_SAMPLING(0x4143545F53414D50L),
        /** Minibatch shuffling: coordinates (iteration, epoch, partition). */
        MINIBATCH_SHUFFLE(0x53485546464C4531L),
        /** Network weight initialization: no coordinates. */
        WEIGHT_INIT(0x5745494748545F49L),
        /** Evaluation episodes: coordinates (evaluation round, env). */
        EVALUATION(0x4556414C5F524E44L);

        private final long constant;

        Purpose(long constant) {
            this.constant = constant;
        }
    }

    private SeedDerivation() {
    }

    /** The initial state of the stream for {@code purpose} at the given coordinates. */
    public static long derive(long seed, Purpose purpose, long... coordinates) {
        long h = SplitMix64.mix64(seed ^ purpose.constant);
        for (long c : coordinates) {
            h = SplitMix64.mix64(h + GOLDEN * (c + 1));
        }
        return h;
    }

    public static SplitMix64 stream(long seed, Purpose purpose, long... coordinates) {
        return new SplitMix64(derive(seed, purpose, coordinates));
    }
}
