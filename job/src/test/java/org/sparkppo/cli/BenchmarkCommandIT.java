package org.sparkppo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The learning benchmark's smoke test (CI runs no learning benchmark): two seeds of a short
 * CartPole run on {@code local[2]}, a threshold given on the command line, and a table with a row
 * per seed and the medians, printed and written as {@code CartPole-v1-benchmark.md}.
 */
class BenchmarkCommandIT {
    private static final String CARTPOLE_CONF = System.getProperty("spark.ppo.repoRoot", "..") + "/conf/ppo/cartpole.conf";

    @TempDir
    Path output;

    @AfterEach
    void clearSpark() {
        SparkTestProperties.clear();
    }

    @Test
    void twoSeedsGiveATableWithARowEachAndTheMedians() throws IOException {
        SparkTestProperties.set("local[2]");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = PpoMain.run(new String[] {"benchmark", "--config", CARTPOLE_CONF, "--seeds", "0,1",
            "--set", "run.totalTimesteps=4096", "--threshold", "25", "--output-dir", output.toUri().toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertEquals(PpoMain.EXIT_OK, status);

        List<String> table = Files.readAllLines(output.resolve("CartPole-v1-benchmark.md"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains(String.join("\n", table)), "the table was not printed");
        assertEquals(5, table.size(), String.join("\n", table));
        assertTrue(table.get(0).startsWith("| CartPole-v1 seed | steps to threshold (25.0) |"), table.get(0));
        for (int row = 2; row < 5; row++) {
            String[] cells = table.get(row).split("\\|");
            assertEquals(List.of("0", "1", "median").get(row - 2), cells[1].trim());
            // A random CartPole policy already averages ~22; 4,096 steps of PPO lift the rolling mean past 25.
            assertTrue(Long.parseLong(cells[2].trim()) <= 4096, String.join("\n", table));
            assertTrue(Double.parseDouble(cells[4].trim()) > 0, table.get(row));
            assertTrue(Double.parseDouble(cells[8].trim()) > 0, table.get(row));
        }
        for (String seed : List.of("0", "1")) {
            assertTrue(Files.exists(output.resolve("CartPole-v1-seed" + seed).resolve("model.zip")), seed);
        }
    }
}
