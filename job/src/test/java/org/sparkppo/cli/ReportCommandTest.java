package org.sparkppo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sparkppo.config.TestConfigs;
import org.sparkppo.io.RunDirectory;
import org.sparkppo.metrics.EpisodeLog;
import org.sparkppo.metrics.MetricKeys;
import org.sparkppo.metrics.MetricsLog;
import org.sparkppo.report.LearningCurvePlots;
import org.sparkppo.report.RunReport;

/** {@code report} rewrites a run's plots and page from its files alone, and refuses incomplete run directories. */
class ReportCommandTest {
    @TempDir
    Path output;

    private record Outcome(int status, String out, String err) {
    }

    private Outcome report(Path runDir) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = PpoMain.run(new String[] {"report", "--run-dir", runDir.toUri().toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A CartPole run directory with a config and, if asked, two iterations of metrics and 30 episodes. */
    private Path run(boolean withLogs) {
        RunDirectory run = RunDirectory.open(output.toUri().toString(), "r", new Configuration());
        run.create();
        run.writeText(TrainCommand.CONFIG_FILE, TestConfigs.load(List.of()).rendered());
        if (withLogs) {
            MetricsLog metrics = MetricsLog.resume(run, 0);
            for (int i = 1; i <= 2; i++) {
                Map<String, Double> row = new LinkedHashMap<>();
                row.put(MetricKeys.ITERATION, (double) i);
                row.put(MetricKeys.TOTAL_TIMESTEPS, 1024.0 * i);
                row.put(MetricKeys.TIME_ELAPSED, 1.5 * i);
                row.put(MetricKeys.FPS, 700.0);
                metrics.append(row);
            }
            EpisodeLog episodes = EpisodeLog.resume(run, 0);
            for (int k = 1; k <= 30; k++) {
                episodes.add(60L * k, 20 + k, 20 + k);
            }
            episodes.write();
        }
        return output.resolve("r");
    }

    @Test
    void writesThePlotsAndThePageFromTheRunsFiles() throws IOException {
        Path run = run(true);
        Outcome outcome = report(run);
        assertEquals(PpoMain.EXIT_OK, outcome.status(), outcome.err());
        for (String file : List.of(RunReport.FILE_NAME, LearningCurvePlots.RETURNS, LearningCurvePlots.DIAGNOSTICS)) {
            assertTrue(Files.isRegularFile(run.resolve(file)), file);
            assertTrue(outcome.out().contains(file), outcome.out());
        }
        String html = Files.readString(run.resolve(RunReport.FILE_NAME));
        assertTrue(html.contains("<h1>PPO on CartPole-v1</h1>"), html);
        assertTrue(html.contains("env {"), "the saved config is shown");
        // CartPole-v1's threshold is 475; these episodes return 21 to 50.
        assertTrue(html.contains("<th>steps to threshold</th><td class=\"n\">not reached</td>"), html);
    }

    @Test
    void missingRunDirectoryIsBadInputNamingConfigConf() {
        Outcome outcome = report(output.resolve("nothing-here"));
        assertEquals(PpoMain.EXIT_BAD_INPUT, outcome.status(), outcome.err());
        assertTrue(outcome.err().contains("config.conf") && outcome.err().contains("found none"), outcome.err());
        assertTrue(Files.notExists(output.resolve("nothing-here")), "a refused report wrote something");
    }

    @Test
    void runWithoutMetricsIsBadInputAndWritesNothing() throws IOException {
        Path run = run(false);
        Outcome outcome = report(run);
        assertEquals(PpoMain.EXIT_BAD_INPUT, outcome.status(), outcome.err());
        assertTrue(outcome.err().contains(MetricsLog.JSONL) && outcome.err().contains("found none"), outcome.err());
        try (var files = Files.list(run)) {
            assertEquals(List.of(TrainCommand.CONFIG_FILE), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "episodes.csv|'global_step,return,length\n60,Infinity,21\n'|episodes.csv: expected returns of magnitude at most 8.560443499344361E306 (finite, and finite summed over 21 episodes), found Infinity for episode 1",
        "episodes.csv|'global_step,return,length\n60,21.0,21\n70,NaN,21\n'|found NaN for episode 2",
        "episodes.csv|'global_step,return,length\n60,1e308,21\n70,1e308,21\n'|found 1.0E308 for episode 1",
        "metrics.jsonl|'{\"time/iterations\": 1.5, \"time/total_timesteps\": 1024, \"time/time_elapsed\": 1.5}\n'|metrics.jsonl: expected a whole number >= 0 for time/iterations in every row, found 1.5 in row 1",
        "metrics.jsonl|'{\"time/iterations\": 1, \"time/total_timesteps\": 1e300, \"time/time_elapsed\": 1.5}\n'|metrics.jsonl: expected a whole number >= 0 for time/total_timesteps in every row, found 1.0E300 in row 1",
        "metrics.jsonl|'{\"time/iterations\": 1, \"time/total_timesteps\": -1024, \"time/time_elapsed\": 1.5}\n'|found -1024.0 in row 1",
        "metrics.jsonl|'{\"time/iterations\": 1, \"time/total_timesteps\": 1024, \"time/time_elapsed\": 1e400}\n'|metrics.jsonl: expected a number for time/time_elapsed in every row, found Infinity in row 1"})
    void valuesNoTrainingWritesAreBadInputAndWriteNothing(String file, String content, String message) throws IOException {
        Path run = run(true);
        Files.writeString(run.resolve(file), content);
        Outcome outcome = report(run);
        assertEquals(PpoMain.EXIT_BAD_INPUT, outcome.status(), outcome.err());
        assertTrue(outcome.err().contains(message), outcome.err());
        assertTrue(Files.notExists(run.resolve(RunReport.FILE_NAME)), "a refused report wrote report.html");
    }

    @Test
    void damagedEpisodesFileIsBadInputNamingIt() throws IOException {
        Path run = run(true);
        Files.writeString(run.resolve(EpisodeLog.CSV), "global_step,return,length\n60,21.0\n");
        Outcome outcome = report(run);
        assertEquals(PpoMain.EXIT_BAD_INPUT, outcome.status(), outcome.err());
        assertTrue(outcome.err().contains(EpisodeLog.CSV) && outcome.err().contains("line 2"), outcome.err());
        assertTrue(Files.notExists(run.resolve(RunReport.FILE_NAME)), "a refused report wrote report.html");
    }
}
