package org.sparkppo.cli;

import java.util.concurrent.Callable;
import org.sparkppo.io.LocalTarget;
import org.sparkppo.model.ActorCriticOnnx;
import org.sparkppo.onnx.OnnxGraph;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code export}: a finished run's policy as an ONNX model ({@link ActorCriticOnnx}). */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a finished run's policy (observation normalization folded in) as an ONNX model.")
final class ExportCommand implements Callable<Integer> {
    @Option(names = "--run-dir", required = true, paramLabel = "URI",
            description = "The run directory (<output-dir>/<run-id>) holding config.conf and model.zip.")
    String runDir;

    @Option(names = "--onnx", required = true, paramLabel = "FILE.onnx", description = "The local file to write.")
    String onnx;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        LocalTarget target = LocalTarget.of("--onnx", onnx);
        TrainedModel trained = TrainedModel.load(SavedRun.open(runDir));
        byte[] model = ActorCriticOnnx.export(trained.net(), trained.normalizer(),
                trained.family().spec().actionSpace(), trained.family().masksActions(), trained.saved().config().envId(),
                trained.modelFile());
        target.write(model);
        spec.commandLine().getOut().printf("wrote %s (%d bytes, ONNX opset %d)%n", target.path(), model.length,
                OnnxGraph.OPSET);
        return PpoMain.EXIT_OK;
    }
}
