package org.sparkppo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkppo.env.Discrete;
import org.sparkppo.env.EnvRegistry;
import org.sparkppo.env.VectorEnv;
import org.sparkppo.seed.SplitMix64;

/**
 * The worked example of docs/custom-environment.md, trained as its commands train it: the job's entry
 * point with {@code conf/ppo/inventory.conf} on real Spark ({@code local[2]}), the example's classes
 * (env-partitions' test classes, which its example jar packs) on the class path the way
 * {@code --jars} puts them there: {@code check-env} passes clean, and the mean return of the last 20
 * training episodes and of 100 deterministic evaluation episodes beat a uniformly random policy's by
 * a wide margin.
 */
class InventoryExampleIT {
    private static final String REPO = System.getProperty("spark.ppo.repoRoot", "..");
    private static final int STEPS = 20480;

    @TempDir
    Path output;

    private ClassLoader previous;

    @AfterEach
    void restore() {
        SparkTestProperties.clear();
        if (previous != null) {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    @Test
    void theExampleChecksCleanAndTrainsToBeatARandomPolicy() throws IOException {
        previous = Thread.currentThread().getContextClassLoader();
        URL example = Path.of(REPO, "env-partitions", "target", "test-classes").toUri().toURL();
        Thread.currentThread().setContextClassLoader(new URLClassLoader(new URL[] {example}, previous));

        ByteArrayOutputStream checked = new ByteArrayOutputStream();
        assertEquals(0, PpoMain.run(new String[] {"check-env", "--env", "Inventory-v0", "--seconds", "0.1"},
                new PrintStream(checked, true, StandardCharsets.UTF_8), System.err), checked.toString());
        System.out.print(checked.toString(StandardCharsets.UTF_8));

        SparkTestProperties.set("local[2]");
        assertEquals(0, PpoMain.run(new String[] {"--config", REPO + "/conf/ppo/inventory.conf", "--run-id", "inventory",
            "--output-dir", output.toUri().toString(), "--set", "run.totalTimesteps=" + STEPS}, System.out, System.err));
        List<String> lines = Files.readAllLines(output.resolve("inventory").resolve("episodes.csv"));
        List<Double> returns = lines.stream().skip(1).map(l -> Double.parseDouble(l.split(",")[1])).toList();
        double learned = returns.subList(returns.size() - 20, returns.size()).stream().mapToDouble(d -> d).average()
                .orElseThrow();
        double random = randomPolicyReturn(400);
        System.out.printf("Inventory-v0 after %d steps: mean return of the last 20 episodes %.1f, random policy %.1f%n",
                STEPS, learned, random);
        assertTrue(learned > random + 30, "learned " + learned + ", random " + random);

        ByteArrayOutputStream evaluation = new ByteArrayOutputStream();
        assertEquals(0, PpoMain.run(new String[] {"evaluate", "--run-dir", output.resolve("inventory").toUri().toString(),
            "--episodes", "100"}, new PrintStream(evaluation, true, StandardCharsets.UTF_8), System.err));
        String summary = evaluation.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("mean return"))
                .findFirst().orElseThrow();
        System.out.println(summary);
        double evaluated = Double.parseDouble(summary.replaceAll(".*mean return (-?[0-9.]+) .*", "$1"));
        assertTrue(evaluated > random + 30, "deterministic evaluation " + summary + ", random " + random);
    }

    /** The mean return of {@code episodes} episodes of uniformly random orders, through the registry. */
    private static double randomPolicyReturn(int episodes) {
        VectorEnv env = EnvRegistry.load().make("Inventory-v0", episodes, 99, 0);
        int n = ((Discrete) env.spec().actionSpace()).n();
        SplitMix64 rng = new SplitMix64(5);
        float[] actions = new float[episodes];
        double sum = 0;
        for (int t = 0; t < env.spec().maxEpisodeSteps(); t++) {
            for (int i = 0; i < episodes; i++) {
                actions[i] = rng.nextInt(n);
            }
            env.step(actions);
            for (int i = 0; i < episodes; i++) {
                if (env.truncated()[i]) {
                    sum += env.finishedReturns()[i];
                }
            }
        }
        return sum / episodes;
    }
}
