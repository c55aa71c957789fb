package org.sparkppo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkppo.config.PpoConfig;
import org.sparkppo.env.Discrete;
import org.sparkppo.io.NormalizationJson;
import org.sparkppo.normalize.NormalizationStats;
import org.sparkppo.config.TestConfigs;
import org.sparkppo.io.CheckpointStore;
import org.sparkppo.io.RunDirectory;
import org.sparkppo.model.ActorCriticNetwork;
import org.sparkppo.train.PpoTrainer;

/** {@code evaluate} plays reproducible deterministic episodes of a run's model and refuses runs without one. */
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
        PpoConfig config = TestConfigs.load(List.of("run.seed=3"));
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
}
