package org.sparkppo.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.sparkppo.env.Box;
import org.sparkppo.env.Discrete;
import org.sparkppo.env.EnvDynamics;
import org.sparkppo.env.EnvFamily;
import org.sparkppo.env.Environment;
import org.sparkppo.env.EnvironmentClass;
import org.sparkppo.env.EnvRegistry;
import org.sparkppo.env.Space;
import org.sparkppo.env.VectorEnv;
import org.sparkppo.gae.GeneralizedAdvantageEstimation;
import org.sparkppo.rollout.Policy;
import org.sparkppo.rollout.RolloutBuffer;
import org.sparkppo.rollout.RolloutCollector;
import org.sparkppo.seed.SplitMix64;

/**
 * Single-threaded throughput of the environment side of a PPO iteration, in env-steps per second,
 * for every registered environment:
 * <ul>
 *   <li>{@code step}: {@link VectorEnv#step} alone, cycling through a ring of pre-generated random
 *       action blocks so that the random number generator is not measured;</li>
 *   <li>{@code collect+gae}: {@link RolloutCollector#collect} of {@value #NUM_STEPS} steps under a
 *       policy that samples uniformly random actions, then {@link GeneralizedAdvantageEstimation}.</li>
 * </ul>
 * Each measurement runs one warm-up round, then {@value #ROUNDS} timed rounds, and reports the
 * median round with the slowest and fastest. All environments run in one JVM, one after another,
 * so an environment measured later finds {@code VectorEnv}'s call sites already compiled for
 * several {@link EnvDynamics} classes (a pessimistic profile): name a single environment to
 * measure it alone.
 *
 * <p>Usage: {@code java -cp env-partitions/target/classes org.sparkppo.bench.EnvBenchmark
 * [secondsPerRound [envId ...]]}: 1 second per round and every registered environment that does not mask
 * actions (random actions would break masks) by default. An
 * argument that is no registered id may name an {@link Environment} class on the class path (the object
 * API), e.g. {@code org.sparkppo.env.ObjectCartPole} from env-partitions' test classes.
 */
public final class EnvBenchmark {
    private static final int[] STEP_NUM_ENVS = {1, 64, 1024};
    private static final int[] COLLECT_NUM_ENVS = {64, 1024};
    private static final int NUM_STEPS = 128;
    private static final int ACTION_RING = 64;
    private static final int ROUNDS = 5;
    private static final long SEED = 1L;
    private static final double GAMMA = 0.99;
    private static final double GAE_LAMBDA = 0.95;

    /** Keeps the JIT from discarding work whose results are otherwise never read. */
    private static volatile double sink;

    private EnvBenchmark() {
    }

    public static void main(String[] args) {
        double secondsPerRound;
        List<String> ids;
        EnvRegistry registry = EnvRegistry.load();
        try {
            secondsPerRound = parseSeconds(args);
            ids = args.length > 1 ? List.of(args).subList(1, args.length)
                    : registry.ids().stream().filter(id -> !registry.family(id).masksActions()).toList();
            for (String id : ids) {
                if (family(registry, id).masksActions()) {
                    throw new IllegalArgumentException("'" + id + "' masks actions, and this benchmark steps uniformly "
                            + "random actions, which such an environment refuses; name another environment");
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.out.printf("EnvBenchmark: java %s (%s %s), %s %s, %d available processors, CPU: %s%n",
                System.getProperty("java.version"), System.getProperty("java.vm.name"),
                System.getProperty("java.vm.version"), System.getProperty("os.name"), System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(), cpuModel());
        System.out.printf("single thread; per measurement 1 warm-up and %d timed rounds of %.2f s; env-steps/s%n",
                ROUNDS, secondsPerRound);
        System.out.printf("%-12s %-26s %7s %14s %14s %14s%n", "measurement", "environment", "numEnvs",
                "median", "min", "max");
        for (String id : ids) {
            EnvFamily dynamics = family(registry, id);
            for (int numEnvs : STEP_NUM_ENVS) {
                print("step", id, numEnvs, measureStep(dynamics, numEnvs, secondsPerRound));
            }
            for (int numEnvs : COLLECT_NUM_ENVS) {
                print("collect+gae", id, numEnvs, measureCollect(dynamics, numEnvs, secondsPerRound));
            }
        }
    }

    /** The registered environment {@code name}, or the {@link Environment} class of that name. */
    private static EnvFamily family(EnvRegistry registry, String name) {
        if (!registry.ids().contains(name)) {
            try {
                return EnvironmentClass.of(Class.forName(name).asSubclass(Environment.class));
            } catch (ClassNotFoundException | ClassCastException e) {
                // Not a class either: the registry's message lists the known ids.
            }
        }
        return registry.family(name);
    }

    private static double[] measureStep(EnvFamily dynamics, int numEnvs, double secondsPerRound) {
        VectorEnv env = dynamics.create(numEnvs, SEED, 0);
        SplitMix64 rng = new SplitMix64(SEED);
        float[][] ring = new float[ACTION_RING][numEnvs * env.actionDim()];
        for (float[] block : ring) {
            fillRandomActions(dynamics.spec().actionSpace(), rng, block, numEnvs);
        }
        return measure(() -> {
            for (float[] block : ring) {
                env.step(block);
            }
            sink += env.observations()[0];
        }, (long) ACTION_RING * numEnvs, secondsPerRound);
    }

    private static double[] measureCollect(EnvFamily dynamics, int numEnvs, double secondsPerRound) {
        VectorEnv env = dynamics.create(numEnvs, SEED, 0);
        RolloutBuffer buffer = new RolloutBuffer(NUM_STEPS, numEnvs, env.observationDim(), env.actionDim());
        Policy policy = new RandomPolicy(dynamics.spec().actionSpace(), new SplitMix64(SEED));
        return measure(() -> {
            RolloutCollector.collect(env, policy, buffer);
            GeneralizedAdvantageEstimation.compute(buffer, GAMMA, GAE_LAMBDA);
            sink += buffer.returns()[NUM_STEPS - 1][0];
        }, (long) NUM_STEPS * numEnvs, secondsPerRound);
    }

    /**
     * Runs {@code batch} (worth {@code stepsPerBatch} env-steps) for one warm-up round and
     * {@value #ROUNDS} timed rounds of at least {@code secondsPerRound} each; returns the
     * throughput of every timed round, sorted.
     */
    private static double[] measure(Runnable batch, long stepsPerBatch, double secondsPerRound) {
        long roundNanos = (long) (secondsPerRound * 1e9);
        double[] throughput = new double[ROUNDS];
        for (int round = -1; round < ROUNDS; round++) {
            long batches = 0;
            long start = System.nanoTime();
            long elapsed;
            do {
                batch.run();
                batches++;
                elapsed = System.nanoTime() - start;
            } while (elapsed < roundNanos);
            if (round >= 0) {
                throughput[round] = batches * stepsPerBatch / (elapsed * 1e-9);
            }
        }
        Arrays.sort(throughput);
        return throughput;
    }

    private static void print(String measurement, String id, int numEnvs, double[] sortedThroughput) {
        System.out.printf("%-12s %-26s %7d %14s %14s %14s%n", measurement, id, numEnvs,
                millions(sortedThroughput[ROUNDS / 2]), millions(sortedThroughput[0]),
                millions(sortedThroughput[ROUNDS - 1]));
    }

    private static String millions(double stepsPerSecond) {
        return String.format("%.2f M", stepsPerSecond / 1e6);
    }

    /** Writes {@code count} uniformly random actions of {@code space} into {@code actions}. */
    private static void fillRandomActions(Space space, SplitMix64 rng, float[] actions, int count) {
        if (space instanceof Discrete discrete) {
            for (int i = 0; i < count; i++) {
                actions[i] = rng.nextInt(discrete.n());
            }
        } else {
            Box box = (Box) space;
            int dim = box.flatDim();
            for (int i = 0; i < count * dim; i++) {
                actions[i] = (float) rng.uniform(box.low(i % dim), box.high(i % dim));
            }
        }
    }

    private static double parseSeconds(String[] args) {
        String usage = "usage: java -cp env-partitions/target/classes " + EnvBenchmark.class.getName()
                + " [secondsPerRound [envId ...]]";
        if (args.length == 0) {
            return 1.0;
        }
        double seconds;
        try {
            seconds = Double.parseDouble(args[0]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("secondsPerRound must be a number, but was '" + args[0] + "'; "
                    + usage, e);
        }
        if (!(seconds > 0 && seconds <= 60)) {
            throw new IllegalArgumentException("secondsPerRound must be in (0, 60], but was " + seconds + "; " + usage);
        }
        return seconds;
    }

    /** The processor's model name from {@code /proc/cpuinfo}, where the OS has one. */
    private static String cpuModel() {
        Path cpuInfo = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(cpuInfo)) {
            return "unknown";
        }
        try (Stream<String> lines = Files.lines(cpuInfo)) {
            return lines.filter(line -> line.startsWith("model name")).findFirst()
                    .map(line -> line.substring(line.indexOf(':') + 1).trim()).orElse("unknown");
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /**
     * Samples uniformly random actions from its own stream; the log-probability is that of the
     * uniform distribution over the action space and every value is 0, as cheap as a policy can be.
     */
    private static final class RandomPolicy implements Policy {
        private final Space space;
        private final SplitMix64 rng;
        private final double logProb;

        RandomPolicy(Space space, SplitMix64 rng) {
            this.space = space;
            this.rng = rng;
            this.logProb = space instanceof Discrete discrete ? -Math.log(discrete.n()) : -logVolume((Box) space);
        }

        private static double logVolume(Box box) {
            double sum = 0;
            for (int k = 0; k < box.flatDim(); k++) {
                sum += Math.log((double) box.high(k) - box.low(k));
            }
            return sum;
        }

        @Override
        public void act(float[] observations, boolean[] actionMasks, int count, float[] actions, double[] logProbs,
                        double[] values) {
            fillRandomActions(space, rng, actions, count);
            Arrays.fill(logProbs, 0, count, logProb);
            Arrays.fill(values, 0, count, 0.0);
        }

        @Override
        public void values(float[] observations, int count, double[] values) {
            Arrays.fill(values, 0, count, 0.0);
        }
    }
}
