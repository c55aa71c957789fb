package org.sparkppo.eval;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sparkppo.config.BadInputException;
import org.sparkppo.env.Discrete;
import org.sparkppo.model.ActorCriticOnnx;
import org.sparkppo.onnx.OnnxGraph;
import org.sparkppo.onnx.OnnxGraph.IntAttribute;

/**
 * {@link OnnxRuntimePolicy} refuses, naming the file and the input, a model with an input it cannot
 * feed: one that is no LSTM state, or an LSTM state without its state output of the same shape (an
 * action that ignores its state could not be played step by step).
 */
class OnnxRuntimePolicyTest {

    /**
     * {@code action = ArgMax(obs)} with a second input {@code extra} (double {@code [batch, width]})
     * and, unless empty, an output {@code extraOutput = Identity(extra)}.
     */
    private static byte[] model(String extra, long width, String extraOutput) {
        OnnxGraph onnx = new OnnxGraph("test");
        onnx.input(ActorCriticOnnx.INPUT, OnnxGraph.FLOAT, "batch", 2L);
        onnx.input(extra, OnnxGraph.DOUBLE, "batch", width);
        onnx.node("ArgMax", List.of(ActorCriticOnnx.INPUT), ActorCriticOnnx.ACTION, new IntAttribute("axis", 1),
                new IntAttribute("keepdims", 0));
        onnx.output(ActorCriticOnnx.ACTION, OnnxGraph.INT64, "batch");
        if (!extraOutput.isEmpty()) {
            onnx.node("Identity", List.of(extra), extraOutput);
            onnx.output(extraOutput, OnnxGraph.DOUBLE, "batch", width);
        }
        return onnx.toModel("test");
    }

    @ParameterizedTest(name = "input {0} [batch, {1}], output ''{2}''")
    @CsvSource({"temperature, 1, temperature_out", "pi_lstm_h_in, 4, ''", "pi_lstm_c_in, 4, pi_lstm_h_out"})
    void anInputItCannotFeedIsRefusedNamingIt(String input, long width, String output) {
        BadInputException e = assertThrows(BadInputException.class, () -> OnnxRuntimePolicy.load(
                model(input, width, output), "m.onnx", 2, new Discrete(2), false));
        assertTrue(e.getMessage().startsWith("m.onnx: expected every input but 'obs' and 'action_mask' to be an LSTM "
                + "state '<layer>_h_in' or '<layer>_c_in'"), e.getMessage());
        assertTrue(e.getMessage().contains("found input '" + input + "'"), e.getMessage());
    }
}
