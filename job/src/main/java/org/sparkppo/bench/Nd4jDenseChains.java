package org.sparkppo.bench;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The alternative to {@code ActorCriticForward} that the benchmark compares it with: the same
 * layers computed with ND4J operations ({@code mmuli}, {@code addiRowVector}, in-place tanh) on
 * arrays allocated once for a fixed observation count, reading the network's live parameter
 * views. It skips DL4J's graph machinery but keeps ND4J's cost per native call. Two chains of
 * dense layers from the observation (the separate-trunk policy and value), tanh on all but the last.
 */
final class Nd4jDenseChains {
    private final int count;
    private final double[] inputData;
    private final INDArray input;
    private final List<Step> policy;
    private final List<Step> value;
    private final int paramWidth;

    Nd4jDenseChains(ComputationGraph net, int count, List<String> policyLayers, List<String> valueLayers) {
        this.count = count;
        int observationDim = (int) net.getParam(policyLayers.get(0) + "_W").size(0);
        this.inputData = new double[count * observationDim];
        this.input = Nd4j.create(DataType.DOUBLE, count, observationDim);
        this.policy = chain(net, policyLayers);
        this.value = chain(net, valueLayers);
        this.paramWidth = (int) policy.get(policy.size() - 1).z.size(1);
    }

    private List<Step> chain(ComputationGraph net, List<String> layers) {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            INDArray w = net.getParam(layers.get(i) + "_W");
            steps.add(new Step(w, net.getParam(layers.get(i) + "_b"), Nd4j.create(DataType.DOUBLE, count, w.size(1)),
                    i < layers.size() - 1));
        }
        return steps;
    }

    void forward(float[] observations, double[] distributionParamsOut, double[] valuesOut) {
        for (int i = 0; i < inputData.length; i++) {
            inputData[i] = observations[i];
        }
        input.data().setData(inputData);
        run(policy).data().asNioDouble().get(distributionParamsOut, 0, count * paramWidth);
        run(value).data().asNioDouble().get(valuesOut, 0, count);
    }

    private INDArray run(List<Step> chain) {
        INDArray x = input;
        for (Step step : chain) {
            x.mmuli(step.w, step.z);
            step.z.addiRowVector(step.b);
            if (step.tanh) {
                Transforms.tanh(step.z, false);
            }
            x = step.z;
        }
        return x;
    }

    private record Step(INDArray w, INDArray b, INDArray z, boolean tanh) {
    }
}
