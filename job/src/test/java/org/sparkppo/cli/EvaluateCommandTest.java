package org.sparkppo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.sparkppo.config.PpoConfig;
import org.sparkppo.env.Discrete;
import org.sparkppo.io.NormalizationJson;
import org.sparkppo.normalize.NormalizationStats;
import org.sparkppo.config.TestConfigs;
import org.sparkppo.io.CheckpointStore;
import org.sparkppo.io.RunDirectory;
import org.sparkppo.model.ActorCriticNetwork;
import org.sparkppo.train.PpoTrainer;

/**
 * {@code evaluate} plays reproducible deterministic episodes of a run's model, renders the first of them on
 * request, and refuses runs without a model.
 */
class EvaluateCommandTest {
    @TempDir
    Path output;

    private record Outcome(int status, String out, String err) {
    }

    private Outcome evaluate(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = PpoMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private String runWithModel(boolean withModel) {
        return runWithModel(withModel, "CartPole-v1");
    }

    private String runWithModel(boolean withModel, String envId) {
        PpoConfig config = TestConfigs.load(List.of("run.seed=3", "env.id=" + envId));
        RunDirectory run = RunDirectory.open(output.toUri().toString(), "r", new Configuration());
        run.create();
        run.writeText(TrainCommand.CONFIG_FILE, config.rendered());
        if (withModel) {
            run.write(PpoTrainer.FINAL_MODEL, CheckpointStore.modelBytes(ActorCriticNetwork.create(config, 4,
                    new Discrete(2))));
            run.write(NormalizationJson.FILE, NormalizationJson.toBytes(NormalizationStats.initial(config.normalize(), 4)));
        }
        return output.resolve("r").toUri().toString();
    }

    @Test
    void playsReproducibleDeterministicEpisodes() {
        String run = runWithModel(true);
        Outcome first = evaluate("evaluate", "--run-dir", run, "--episodes", "4");
        Outcome second = evaluate("evaluate", "--run-dir", run, "--episodes", "4");
        assertEquals(PpoMain.EXIT_OK, first.status(), first.err());
        assertEquals(first.out(), second.out());
        List<String> episodes = first.out().lines().filter(l -> l.startsWith("episode")).toList();
        assertEquals(4, episodes.size(), first.out());
        for (String line : episodes) {
            // CartPole pays 1 per step: return equals length.
            String[] parts = line.split("return |, length ");
            assertEquals(Double.parseDouble(parts[1]), Double.parseDouble(parts[2]), 0.0, line);
        }
        assertTrue(first.out().contains("CartPole-v1: mean return"), first.out());
        assertTrue(!evaluate("evaluate", "--run-dir", run, "--episodes", "4", "--round", "1").out().equals(first.out()),
                "another evaluation round should reset the environments differently");
    }

    @Test
    void runWithoutAModelIsBadInput() {
        Outcome outcome = evaluate("evaluate", "--run-dir", runWithModel(false));
        assertEquals(PpoMain.EXIT_BAD_INPUT, outcome.status(), outcome.err());
        assertTrue(outcome.err().contains("model.zip") && outcome.err().contains("has the run finished?"), outcome.err());
    }

    private static int gifFrames(Path file) throws IOException {
        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            reader.setInput(in);
            return reader.getNumImages(true);
        } finally {
            reader.dispose();
        }
    }

    private static List<Integer> printedLengths(String out) {
        return out.lines().filter(l -> l.startsWith("episode"))
                .map(l -> Integer.parseInt(l.substring(l.indexOf("length ") + "length ".length()))).toList();
    }

    @Test
    void rendersTheFirstEpisodesItPrints() throws IOException {
        String run = runWithModel(true);
        Path gif = output.resolve("cartpole.gif");
        Outcome plain = evaluate("evaluate", "--run-dir", run, "--episodes", "3");
        Outcome rendered = evaluate("evaluate", "--run-dir", run, "--episodes", "3", "--render", gif.toString(),
                "--render-episodes", "2");
        assertEquals(PpoMain.EXIT_OK, rendered.status(), rendered.err());
        assertTrue(rendered.out().startsWith(plain.out()), "rendering should not change the episodes:\n" + rendered.out());
        List<Integer> lengths = printedLengths(rendered.out());
        int frames = lengths.get(0) + 1 + lengths.get(1) + 1;
        assertEquals(frames, gifFrames(gif));
        assertTrue(rendered.out().endsWith("wrote " + gif + " (" + frames + " frames, 600x400)" + System.lineSeparator()),
                rendered.out());

        Outcome single = evaluate("evaluate", "--run-dir", run, "--episodes", "3", "--render", gif.toString());
        assertEquals(PpoMain.EXIT_OK, single.status(), single.err());
        assertEquals(lengths.get(0) + 1, gifFrames(gif));
    }

    @Test
    void renderOptionsOutOfRangeAreBadInputAndWriteNothing() throws IOException {
        String run = runWithModel(true);
        Path gif = output.resolve("out.gif");
        for (String k : new String[] {"0", "3"}) {
            Outcome outcome = evaluate("evaluate", "--run-dir", run, "--episodes", "2", "--render", gif.toString(),
                    "--render-episodes", k);
            assertEquals(PpoMain.EXIT_BAD_INPUT, outcome.status(), outcome.err());
            assertTrue(outcome.err().contains("--render-episodes: expected an integer in 1..--episodes (2), found " + k),
                    outcome.err());
        }
        Outcome missingFolder = evaluate("evaluate", "--run-dir", run, "--render",
                output.resolve("absent").resolve("out.gif").toString());
        assertEquals(PpoMain.EXIT_BAD_INPUT, missingFolder.status(), missingFolder.err());
        assertTrue(missingFolder.err().contains("--render: expected a file in an existing folder"), missingFolder.err());
        assertTrue(!Files.exists(gif));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--episodes 2000000000|--episodes: expected an integer in 1..100000 (the episodes run side by side, one environment each), found 2000000000",
        "--episodes 0|--episodes: expected an integer in 1..100000",
        "--episodes 99999999999|Invalid value for option '--episodes'",
        "--round -1|--round: expected an integer >= 0 (an evaluation stream of the run's seed), found -1",
        "--episodes 200 --render-episodes 101 --render GIF|--render-episodes: expected at most 100 episodes in one GIF",
        "--episodes 2 --render-episodes 2000000000 --render GIF|--render-episodes: expected an integer in 1..--episodes (2), found 2000000000"})
    void countsOutOfRangeAreBadInputAndWriteNothing(String options, String message) {
        String run = runWithModel(true);
        Path gif = output.resolve("out.gif");
        List<String> args = new ArrayList<>(List.of("evaluate", "--run-dir", run));
        for (String option : options.split(" ")) {
            args.add(option.equals("GIF") ? gif.toString() : option);
        }
        Outcome outcome = evaluate(args.toArray(String[]::new));
        assertEquals(PpoMain.EXIT_BAD_INPUT, outcome.status(), outcome.err());
        assertTrue(outcome.err().contains(message), outcome.err());
        assertTrue(!Files.exists(gif));
    }

    @Test
    void aModelWithNonFiniteParametersIsBadInput() {
        String runDir = runWithModel(true);
        PpoConfig config = TestConfigs.load(List.of("run.seed=3"));
        ComputationGraph net = ActorCriticNetwork.create(config, 4, new Discrete(2));
        net.params().putScalar(0, Double.NaN);
        net.params().putScalar(1, Double.POSITIVE_INFINITY);
        RunDirectory.open(output.toUri().toString(), "r", new Configuration()).write(PpoTrainer.FINAL_MODEL,
                CheckpointStore.modelBytes(net));
        Outcome outcome = evaluate("evaluate", "--run-dir", runDir);
        assertEquals(PpoMain.EXIT_BAD_INPUT, outcome.status(), outcome.err());
        assertTrue(outcome.err().contains("model.zip: expected finite parameters, found 2 of " + net.numParams()
                + " NaN or infinite"), outcome.err());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "'{\"count\": 5, \"mean\": [0, 1e400, 0, 0], \"var\": [1, 1, 1, 1]}'|observations: expected finite count, mean and variance, found 1 of 9 NaN or infinite",
        "'{\"count\": 5, \"mean\": [0, 0, 0, 0], \"var\": [1, -1, 1, 1]}'|observations: expected a count and variances >= 0, found count 5.0 and variances [1.0, -1.0, 1.0, 1.0]",
        "'{\"count\": -1e400, \"mean\": [0, 0, 0, 0], \"var\": [1, 1, 1, 1]}'|observations: expected finite count, mean and variance, found 1 of 9"})
    void normalizationStatisticsThatCannotNormalizeAreBadInput(String observations, String message) {
        String runDir = runWithModel(true);
        RunDirectory.open(output.toUri().toString(), "r", new Configuration()).writeText(NormalizationJson.FILE,
                "{\"observations\": " + observations + ", \"returns\": null}");
        Outcome outcome = evaluate("evaluate", "--run-dir", runDir);
        assertEquals(PpoMain.EXIT_BAD_INPUT, outcome.status(), outcome.err());
        assertTrue(outcome.err().contains(NormalizationJson.FILE + " " + message), outcome.err());
    }

    @Test
    void anEnvironmentWithoutADrawerIsBadInput() {
        Outcome outcome = evaluate("evaluate", "--run-dir", runWithModel(true, "FlakyCartPole-v1"),
                "--render", output.resolve("out.gif").toString());
        assertEquals(PpoMain.EXIT_BAD_INPUT, outcome.status(), outcome.err());
        assertTrue(outcome.err().contains("--render: expected a run of an environment that can be rendered (")
                && outcome.err().contains("found 'FlakyCartPole-v1'"), outcome.err());
        assertTrue(!Files.exists(output.resolve("out.gif")));
    }
}
