package org.sparkppo.bench;

import java.util.Locale;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.profiler.OpProfiler;
import org.nd4j.linalg.profiler.ProfilerConfig;

/**
 * The floor under one gradient call: how many native ops DL4J executes for it (counted by ND4J's
 * {@link OpProfiler}) and what an op costs when it computes nothing (1×1 arrays, preallocated
 * outputs): the price of a JNI call, op and shape descriptors and ND4J's checks, paid per op
 * whatever the batch size.
 */
final class OpFloor {
    private static final int CALLS = 20_000;

    private OpFloor() {
    }

    static void print(BenchmarkProblem problem) {
        ComputationGraph net = NetworkSetup.PROJECT.build(problem.configuration(), problem.parameters());
        CallStyle.MinibatchCall call = CallStyle.PREALLOCATED.prepare(net, problem, 64);
        call.compute(0);
        ProfilerConfig previous = OpProfiler.getInstance().getConfig();
        Nd4j.getExecutioner().setProfilingConfig(ProfilerConfig.builder().checkWorkspaces(false)
                .checkElapsedTime(true).build());
        OpProfiler.getInstance().reset();
        call.compute(1);
        long ops = OpProfiler.getInstance().getInvocationsCount();
        String byName = OpProfiler.getInstance().getOpCounter().asString();
        Nd4j.getExecutioner().setProfilingConfig(previous);

        System.out.printf(Locale.ROOT, "%n### Native ops per gradient call: %d%n%n", ops);
        System.out.println(byName.replaceAll("\\s*perc: \\[[^]]*]", "").replace(">>> ", ""));
        INDArray one = Nd4j.ones(DataType.DOUBLE, 1, 1);
        INDArray out = Nd4j.zeros(DataType.DOUBLE, 1, 1);
        INDArray column = Nd4j.zeros(DataType.DOUBLE, 1);
        double transform = microseconds(() -> Nd4j.exec(new Tanh(one, out)));
        double matmul = microseconds(() -> one.mmuli(one, out));
        double broadcast = microseconds(() -> out.addiRowVector(one));
        double reduce = microseconds(() -> one.sum(column, 0));
        System.out.println("| op on 1×1 arrays, preallocated output | median µs |");
        System.out.println("|---|---|");
        System.out.printf(Locale.ROOT, "| transform (tanh) | %.1f |%n| matmul (mmuli) | %.1f |%n"
                + "| broadcast add (addiRowVector) | %.1f |%n| reduce (sum along 0) | %.1f |%n",
                transform, matmul, broadcast, reduce);
    }

    private static double microseconds(Runnable op) {
        long[] times = new long[CALLS];
        for (int i = 0; i < CALLS; i++) {
            long start = System.nanoTime();
            op.run();
            times[i] = System.nanoTime() - start;
        }
        return GradientCostBenchmark.median(times) / 1e3;
    }
}
