package org.sparkppo.bench;

import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkppo.config.PpoConfig;
import org.sparkppo.config.PpoConfigLoader;
import org.sparkppo.env.EnvRegistry;
import org.sparkppo.env.EnvSpec;
import org.sparkppo.env.VectorEnv;
import org.sparkppo.model.ActorCriticForward;
import org.sparkppo.model.ActorCriticNetwork;
import org.sparkppo.model.AdamStep;
import org.sparkppo.seed.SplitMix64;
import org.sparkppo.stage.TrainingDataLayout;

/**
 * Microseconds per call of the rollout's inference and of one optimizer step on the default
 * CartPole network (4-64-64 tanh, separate actor and critic trunks, double precision):
 * <ul>
 *   <li>{@code net.output(false, obs)}, DL4J as the rollout calls it today (observation matrix prebuilt);</li>
 *   <li>{@link ActorCriticForward}, plain Java on the network's flat parameters;</li>
 *   <li>{@link Nd4jDenseChains}, the same layers as ND4J operations on preallocated arrays;</li>
 *   <li>one Adam step on all parameters: {@link AdamStep} against DL4J's updater plus {@code params.subi}
 *       (including the copy of the summed gradient into the array that DL4J overwrites).</li>
 * </ul>
 * Each call is timed alone for {@value #MEASURE_MILLIS} ms after a warm-up as long; a line gives
 * the 10th percentile and the median of those times (on a machine shared with other processes the
 * mean is ruled by calls that lost the core, the lower percentiles much less), and the largest
 * difference from DL4J's result. Run it with {@code OMP_NUM_THREADS=1},
 * as the executors run, else ND4J's thread pool changes the DL4J numbers.
 *
 * <p>Usage: {@code java [jdk17 --add-opens flags] -cp job/target/classes:<dependencies>
 * org.sparkppo.bench.RolloutInferenceBenchmark}
 */
public final class RolloutInferenceBenchmark {
    private static final int[] COUNTS = {2, 8, 64, 256};
    private static final long MEASURE_MILLIS = 1500;
    private static final int MAX_SAMPLES = 1_000_000;
    private static final int ADAM_EXAMPLES = 128;

    /** Keeps the JIT from discarding work whose results are otherwise never read. */
    private static volatile double sink;

    private RolloutInferenceBenchmark() {
    }

    public static void main(String[] args) {
        run();
    }

    /** Prints the table: µs per forward call for 2, 8, 64 and 256 observations, then the Adam step. */
    public static void run() {
        PpoConfig config = new PpoConfigLoader(EnvRegistry.load()).load(List.of(), List.of("env.id=CartPole-v1"));
        EnvSpec spec = EnvRegistry.load().spec(config.envId());
        int observationDim = spec.observationSpace().flatDim();
        ComputationGraph net = ActorCriticNetwork.create(config, observationDim, spec.actionSpace());
        ActorCriticForward forward = ActorCriticForward.of(net);
        int width = forward.paramWidth();
        float[] observations = observations(config.envId(), COUNTS[COUNTS.length - 1]);

        System.out.printf("OMP_NUM_THREADS=%s, %d parameters%n", System.getenv("OMP_NUM_THREADS"), net.numParams());
        System.out.printf("%-26s %6s %10s %10s %16s%n", "call", "count", "p10 µs", "median µs", "max |Δ| vs DL4J");
        for (int count : COUNTS) {
            INDArray matrix = TrainingDataLayout.observationBlock(observations, count, observationDim);
            INDArray[] dl4j = net.output(false, matrix);
            double[] expected = concat(dl4j[0].reshape((long) count * width).toDoubleVector(),
                    dl4j[1].reshape(count).toDoubleVector());
            double[] params = new double[count * width];
            double[] values = new double[count];
            print("DL4J output(false, obs)", count, measure(() -> sink = net.output(false, matrix)[1].getDouble(0)),
                    0);
            forward.forward(observations, count, params, values);
            double plainDiff = maxDifference(expected, concat(params, values));
            print("ActorCriticForward", count, measure(() -> {
                forward.forward(observations, count, params, values);
                sink = values[0];
            }), plainDiff);
            Nd4jDenseChains nd4j = new Nd4jDenseChains(net, count, trunk("pi", config, ActorCriticNetwork.POLICY_OUTPUT),
                    trunk("vf", config, ActorCriticNetwork.VALUE_OUTPUT));
            nd4j.forward(observations, params, values);
            double nd4jDiff = maxDifference(expected, concat(params, values));
            print("ND4J ops, preallocated", count, measure(() -> {
                nd4j.forward(observations, params, values);
                sink = values[0];
            }), nd4jDiff);
        }
        adam(net);
    }

    private static void adam(ComputationGraph net) {
        int n = (int) net.numParams();
        double[] gradient = new double[n];
        SplitMix64 rng = new SplitMix64(3);
        for (int i = 0; i < n; i++) {
            gradient[i] = rng.nextGaussian();
        }
        AdamStep adam = AdamStep.of(net);
        double[] params = net.params().toDoubleVector();
        double[] state = net.getUpdater().getStateViewArray().toDoubleVector();
        print("AdamStep (plain Java)", ADAM_EXAMPLES, measure(() -> {
            adam.apply(params, state, gradient, ADAM_EXAMPLES, 2.5e-4, 0);
            sink = params[0];
        }), Double.NaN);
        INDArray g = Nd4j.create(DataType.DOUBLE, 1, n);
        print("DL4J updater + subi", ADAM_EXAMPLES, measure(() -> {
            g.data().setData(gradient);
            net.getUpdater().update(new DefaultGradient(g), 0, 0, ADAM_EXAMPLES, LayerWorkspaceMgr.noWorkspaces());
            net.params().subi(g);
            sink = g.getDouble(0);
        }), Double.NaN);
    }

    /** The layers of a separate trunk named {@code prefix}, then its head. */
    private static List<String> trunk(String prefix, PpoConfig config, String head) {
        String[] layers = new String[config.model().hiddenSizes().size() + 1];
        for (int i = 0; i < layers.length - 1; i++) {
            layers[i] = prefix + "_" + i;
        }
        layers[layers.length - 1] = head;
        return List.of(layers);
    }

    /** The 10th percentile and the median of single calls' µs, after a warm-up of the same length. */
    private static Timing measure(Runnable call) {
        long warmUpEnd = System.nanoTime() + MEASURE_MILLIS * 1_000_000;
        while (System.nanoTime() < warmUpEnd) {
            call.run();
        }
        long[] nanos = new long[MAX_SAMPLES];
        int samples = 0;
        long end = System.nanoTime() + MEASURE_MILLIS * 1_000_000;
        long now;
        do {
            long start = System.nanoTime();
            call.run();
            now = System.nanoTime();
            nanos[samples++] = now - start;
        } while (now < end && samples < nanos.length);
        Arrays.sort(nanos, 0, samples);
        return new Timing(nanos[samples / 10] / 1e3, nanos[samples / 2] / 1e3);
    }

    private record Timing(double p10Micros, double medianMicros) {
    }

    private static void print(String call, int count, Timing timing, double maxDifference) {
        System.out.printf("%-26s %6d %10.1f %10.1f %16s%n", call, count, timing.p10Micros(), timing.medianMicros(),
                Double.isNaN(maxDifference) ? "" : String.format("%.1e", maxDifference));
    }

    /** Observations of CartPole environments after a few random steps. */
    private static float[] observations(String envId, int count) {
        VectorEnv env = EnvRegistry.load().make(envId, count, 1, 0);
        SplitMix64 rng = new SplitMix64(2);
        float[] actions = new float[count];
        for (int step = 0; step < 20; step++) {
            for (int i = 0; i < count; i++) {
                actions[i] = rng.nextInt(2);
            }
            env.step(actions);
        }
        return env.observations().clone();
    }


    private static double[] concat(double[] a, double[] b) {
        double[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static double maxDifference(double[] expected, double[] actual) {
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            max = Math.max(max, Math.abs(expected[i] - actual[i]));
        }
        return max;
    }
}
