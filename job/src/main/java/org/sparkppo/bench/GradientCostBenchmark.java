package org.sparkppo.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Median cost of one minibatch gradient of the actor-critic (the summed flat gradient and the mean
 * loss, what a gradient-synchronizing trainer needs per minibatch): for DL4J's calls as the trainer
 * made them and for each setting that might change their cost, each alone and all together, and for
 * the plain-Java back-propagation the trainer now uses.
 * Variants run interleaved in rounds, so that load from other processes spreads over all of them;
 * each call's wall and thread CPU time are kept and their medians printed. Before timing, every
 * variant's gradient of every minibatch is compared with the baseline's.
 *
 * <p>Run with {@code OMP_NUM_THREADS=1}, as executors do, once as is and once with
 * {@code -Dorg.bytedeco.javacpp.maxPhysicalBytes=0}: JavaCPP reads {@code /proc/self/statm} on every
 * native allocation it tracks unless that limit is 0, and a system property read when JavaCPP loads
 * cannot be varied within one process. Arguments: {@code [rounds [calls per round per variant]]}
 * (default 30 and 10).
 */
public final class GradientCostBenchmark {
    private static final int[] MINIBATCH_SIZES = {64, 128};
    private static final int WARM_UP_CALLS = 200;

    private record Variant(String name, NetworkSetup network, CallStyle call, Nd4jSettings settings) {
    }

    private static final List<Variant> VARIANTS = List.of(
            new Variant("baseline", NetworkSetup.PROJECT, CallStyle.REPLICA_BEFORE, Nd4jSettings.DEFAULT),
            variant(CallStyle.BULK_GRADIENT_COPY),
            variant(CallStyle.NO_CLEAR),
            variant(CallStyle.PREALLOCATED),
            variant(NetworkSetup.NO_WORKSPACES),
            variant(NetworkSetup.CACHE_MODE_DEVICE),
            variant(NetworkSetup.FLOAT),
            variant(Nd4jSettings.NO_WORKSPACE_CHECKS),
            variant(Nd4jSettings.ONE_THREAD),
            variant(Nd4jSettings.PERIODIC_GC_OFF),
            new Variant("recipe: preallocated + bulk copies + no workspace checks", NetworkSetup.PROJECT,
                    CallStyle.PREALLOCATED, Nd4jSettings.NO_WORKSPACE_CHECKS),
            new Variant("recipe + FLOAT", NetworkSetup.FLOAT, CallStyle.PREALLOCATED,
                    Nd4jSettings.NO_WORKSPACE_CHECKS),
            new Variant(CallStyle.PLAIN_JAVA.label(), NetworkSetup.PROJECT, CallStyle.PLAIN_JAVA,
                    Nd4jSettings.DEFAULT));

    private GradientCostBenchmark() {
    }

    private static Variant variant(CallStyle call) {
        return new Variant(call.label(), NetworkSetup.PROJECT, call, Nd4jSettings.DEFAULT);
    }

    private static Variant variant(NetworkSetup network) {
        return new Variant(network.label(), network, CallStyle.REPLICA_BEFORE, Nd4jSettings.DEFAULT);
    }

    private static Variant variant(Nd4jSettings settings) {
        return new Variant(settings.label(), NetworkSetup.PROJECT, CallStyle.REPLICA_BEFORE, settings);
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int callsPerRound = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        System.out.printf(Locale.ROOT, "OMP_NUM_THREADS=%s, org.bytedeco.javacpp.maxPhysicalBytes=%s, %s rounds of %d"
                        + " calls per variant%n", System.getenv("OMP_NUM_THREADS"),
                System.getProperty("org.bytedeco.javacpp.maxPhysicalBytes", "(default)"), rounds, callsPerRound);
        BenchmarkProblem problem = BenchmarkProblem.cartPole();
        for (int size : MINIBATCH_SIZES) {
            measure(problem, size, rounds, callsPerRound);
            ComponentCosts.print(problem, size);
        }
        OpFloor.print(problem);
    }

    private static void measure(BenchmarkProblem problem, int size, int rounds, int callsPerRound) {
        List<CallStyle.MinibatchCall> calls = new ArrayList<>();
        for (Variant v : VARIANTS) {
            ComputationGraph net = v.network().build(problem.configuration(), problem.parameters());
            calls.add(v.call().prepare(net, problem, size));
        }
        int minibatches = problem.minibatchCount(size);
        List<GradientAndLoss> reference = new ArrayList<>();
        for (int index = 0; index < minibatches; index++) {
            reference.add(calls.get(0).compute(index));
        }
        String[] agreement = new String[VARIANTS.size()];
        for (int v = 0; v < VARIANTS.size(); v++) {
            agreement[v] = agreement(VARIANTS.get(v), calls.get(v), reference);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[][] wall = new long[VARIANTS.size()][rounds * callsPerRound];
        long[][] cpu = new long[VARIANTS.size()][rounds * callsPerRound];
        for (int round = -1; round < rounds; round++) {
            for (int k = 0; k < VARIANTS.size(); k++) {
                // Rotate the order each round: no variant always runs right after the same other one.
                int v = (k + Math.max(round, 0)) % VARIANTS.size();
                Runnable restore = VARIANTS.get(v).settings().apply();
                int n = round < 0 ? WARM_UP_CALLS : callsPerRound;
                for (int i = 0; i < n; i++) {
                    long wall0 = System.nanoTime();
                    long cpu0 = threads.getCurrentThreadCpuTime();
                    calls.get(v).compute(i % minibatches);
                    if (round >= 0) {
                        cpu[v][round * callsPerRound + i] = threads.getCurrentThreadCpuTime() - cpu0;
                        wall[v][round * callsPerRound + i] = System.nanoTime() - wall0;
                    }
                }
                restore.run();
            }
        }
        System.out.printf(Locale.ROOT, "%n### Minibatch of %d: median ms per gradient%n%n", size);
        System.out.println("| variant | wall ms | thread CPU ms | gradient vs baseline |");
        System.out.println("|---|---|---|---|");
        for (int v = 0; v < VARIANTS.size(); v++) {
            System.out.printf(Locale.ROOT, "| %s | %.3f | %.3f | %s |%n", VARIANTS.get(v).name(), median(wall[v]) / 1e6,
                    median(cpu[v]) / 1e6, agreement[v]);
        }
    }

    /** Bitwise equal to the baseline on every minibatch, or the largest absolute and relative difference. */
    private static String agreement(Variant variant, CallStyle.MinibatchCall call, List<GradientAndLoss> reference) {
        Runnable restore = variant.settings().apply();
        double maxDiff = 0;
        double scale = 0;
        double lossDiff = 0;
        boolean bitwise = true;
        for (int index = 0; index < reference.size(); index++) {
            GradientAndLoss expected = reference.get(index);
            GradientAndLoss actual = call.compute(index);
            bitwise &= Arrays.equals(expected.gradient(), actual.gradient())
                    && Double.compare(expected.meanLoss(), actual.meanLoss()) == 0;
            maxDiff = Math.max(maxDiff, expected.maxAbsDifference(actual));
            scale = Math.max(scale, expected.maxAbs());
            lossDiff = Math.max(lossDiff, Math.abs(expected.meanLoss() - actual.meanLoss()));
        }
        restore.run();
        return bitwise ? "bitwise equal" : String.format(Locale.ROOT,
                "max abs diff %.1e (largest component %.1e), loss diff %.1e", maxDiff, scale, lossDiff);
    }

    static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
