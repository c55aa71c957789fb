package org.sparkppo.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntConsumer;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.sparkppo.model.ActorCriticNetwork;
import org.sparkppo.stage.PackedSamples;

/**
 * Parts of a gradient call measured alone: gathering a minibatch into a new {@code MultiDataSet}, one
 * evaluation of both PPO losses (what the second, score-only evaluation used to cost), and the same
 * call answered from the loss's last evaluation.
 */
final class ComponentCosts {
    private static final int CALLS = 2_000;

    private ComponentCosts() {
    }

    static void print(BenchmarkProblem problem, int size) {
        ComputationGraph net = NetworkSetup.PROJECT.build(problem.configuration(), problem.parameters());
        ILossFunction policy = loss(net, ActorCriticNetwork.POLICY_OUTPUT);
        ILossFunction value = loss(net, ActorCriticNetwork.VALUE_OUTPUT);
        PackedSamples packed = problem.packed(size);
        List<INDArray[]> batches = new ArrayList<>();
        for (int index = 0; index < problem.minibatchCount(size); index++) {
            MultiDataSet m = problem.minibatch(packed, index);
            Map<String, INDArray> out = net.feedForward(m.getFeatures(), true, false);
            batches.add(new INDArray[] {m.getLabels(0), out.get(ActorCriticNetwork.POLICY_OUTPUT), m.getLabels(1),
                out.get(ActorCriticNetwork.VALUE_OUTPUT)});
        }
        ActivationIdentity identity = new ActivationIdentity();
        int count = batches.size();
        double packing = milliseconds(i -> problem.minibatch(packed, i % count));
        // Consecutive calls see different minibatches: every call evaluates.
        double evaluation = milliseconds(i -> {
            INDArray[] b = batches.get(i % count);
            policy.computeGradient(b[0], b[1], identity, null);
            value.computeGradient(b[2], b[3], identity, null);
        });
        double answered = milliseconds(i -> {
            INDArray[] b = batches.get(0);
            policy.computeScore(b[0], b[1], identity, null, false);
            value.computeScore(b[2], b[3], identity, null, false);
        });
        System.out.printf(Locale.ROOT, "%n| part of a call, minibatch of %d | median ms |%n|---|---|%n", size);
        System.out.printf(Locale.ROOT, "| gather a minibatch into a new MultiDataSet (PackedSamples.minibatch) | %.3f |%n", packing);
        System.out.printf(Locale.ROOT, "| evaluate both losses (gradient) | %.3f |%n", evaluation);
        System.out.printf(Locale.ROOT, "| score of the same values, answered from the last evaluation | %.3f |%n",
                answered);
    }

    private static ILossFunction loss(ComputationGraph net, String output) {
        LayerVertex vertex = (LayerVertex) net.getConfiguration().getVertices().get(output);
        return ((BaseOutputLayer) vertex.getLayerConf().getLayer()).getLossFn();
    }

    private static double milliseconds(IntConsumer work) {
        long[] times = new long[CALLS];
        for (int i = 0; i < CALLS; i++) {
            long start = System.nanoTime();
            work.accept(i);
            times[i] = System.nanoTime() - start;
        }
        return GradientCostBenchmark.median(times) / 1e6;
    }
}
