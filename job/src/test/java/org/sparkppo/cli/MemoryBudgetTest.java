package org.sparkppo.cli;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sparkppo.config.BadInputException;
import org.sparkppo.config.PpoConfig;
import org.sparkppo.config.TestConfigs;
import org.sparkppo.env.EnvRegistry;
import org.sparkppo.env.EnvFamily;

/** Networks and rollouts that cannot fit the memory Spark is configured with are refused with the arithmetic. */
class MemoryBudgetTest {
    private static final long GIB = 1L << 30;
    private final EnvFamily cartPole = EnvRegistry.load().family("CartPole-v1");

    private static PpoConfig config(String overrides) {
        return TestConfigs.load(overrides.isEmpty() ? List.of() : List.of(overrides.split(";")));
    }

    @Test
    void theDefaultsFitAFewMebibytes() {
        new MemoryBudget(4L << 20, 4L << 20, 4L << 20, true).requireFits(config(""), cartPole);
        new MemoryBudget(4L << 20, 4L << 20, 4L << 20, false).requireFits(config(""), cartPole);
    }

    @Test
    void sparkDefaultsApplyToWhatTheConfDoesNotSet() {
        MemoryBudget budget = MemoryBudget.of(new SparkConf(false).set("spark.master", "local[2]"));
        assertTrue(budget.local() && budget.executorBytes() == GIB && budget.maxResultBytes() == GIB
                && budget.driverBytes() == Runtime.getRuntime().maxMemory(), budget.toString());
        MemoryBudget cluster = MemoryBudget.of(new SparkConf(false).set("spark.master", "spark://h:7077")
                .set("spark.executor.memory", "3g").set("spark.driver.maxResultSize", "0"));
        assertTrue(!cluster.local() && cluster.executorBytes() == 3 * GIB && cluster.maxResultBytes() == 0,
                cluster.toString());
    }

    @ParameterizedTest(name = "{0}, local {1}")
    @CsvSource(delimiter = '|', value = {
        // 2 × (4 × 20000 + 20000 × 20000) = 800,160,000 weights; × 8 bytes × 3 arrays = 17.9 GiB per model.
        "model.hiddenSizes=[20000, 20000]|true|the stage's results carry partition 0's model, parameters and Adam's two moments: 8 bytes × 800160000 parameters (model.hiddenSizes [20000, 20000], hidden layers alone) × 3 × 1 partition = 17.9 GiB, exceeding spark.driver.maxResultSize = 1.0 GiB; use a smaller network, or raise spark.driver.maxResultSize",
        "model.hiddenSizes=[2000, 2000];training.sync=iteration-averaging;rollout.numPartitions=64|false|the stage's results carry every partition's model (training.sync = iteration-averaging), parameters and Adam's two moments: 8 bytes × 8016000 parameters (model.hiddenSizes [2000, 2000], hidden layers alone) × 3 × 64 partitions = 11.5 GiB, exceeding spark.driver.maxResultSize = 1.0 GiB; use a smaller network or fewer partitions",
        // 8 bytes × 8704 × 4 = 272 KiB, + 8 × 8704 × 3 × 2 = 408 KiB, + 2 × 512 samples × 68 bytes = 68 KiB locally.
        "model.hiddenSizes=[64, 64]|true|the driver needs at least 748.0 KiB and has a heap of 512.0 KiB (spark.driver.memory, or -Xmx): its network, 8 bytes × 8704 parameters (model.hiddenSizes [64, 64], hidden layers alone) × 4 copies (parameters, gradient, Adam's moments) = 272.0 KiB; what it gathers from the partitions at once (training.sync = parameter-averaging), 8 bytes × 8704 × 3 × 2 partitions = 408.0 KiB; and with a local master every partition's samples, rollout.numPartitions × envsPerPartition × numSteps × 68 bytes per sample",
        "model.hiddenSizes=[96, 96];training.sync=gradient|true|the driver needs at least 968.0 KiB and has a heap of 512.0 KiB (spark.driver.memory, or -Xmx): its network, 8 bytes × 19200 parameters (model.hiddenSizes [96, 96], hidden layers alone) × 4 copies (parameters, gradient, Adam's moments) = 600.0 KiB; what it gathers from the partitions at once (training.sync = gradient), 8 bytes × 19200 × 1 × 2 partitions = 300.0 KiB",
        "rollout.envsPerPartition=100000;rollout.numSteps=5000;run.totalTimesteps=1e10;training.minibatchSize=0|false|one partition needs at least 31.7 GiB and an executor has 1.0 GiB (spark.executor.memory): its samples, rollout.envsPerPartition × numSteps × 68 bytes per sample (observation, action, distribution parameters, advantage, return, log-probability, value) = 500000000 × 68 = 31.7 GiB",
        "rollout.envsPerPartition=100000;rollout.numSteps=5000;run.totalTimesteps=1e10;training.minibatchSize=0|true|the driver needs at least 63.3 GiB and has a heap of 512.0 KiB"})
    void refusesWhatCannotFitNamingTheArithmetic(String overrides, boolean local, String message) {
        MemoryBudget budget = new MemoryBudget(local ? 512 << 10 : 4 * GIB, GIB, GIB, local);
        BadInputException e = assertThrows(BadInputException.class, () -> budget.requireFits(config(overrides), cartPole));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void anUnlimitedResultSizeLeavesTheDriversHeapToDecide() {
        MemoryBudget budget = new MemoryBudget(4 * GIB, GIB, 0, false);
        BadInputException e = assertThrows(BadInputException.class,
                () -> budget.requireFits(config("model.hiddenSizes=[20000, 20000]"), cartPole));
        assertTrue(e.getMessage().startsWith("the driver needs at least 59.6 GiB and has a heap of 4.0 GiB"), e.getMessage());
    }

    @Test
    void aMaskingEnvironmentsSamplesCountTheirMaskFlags() {
        // GridMaze-v0: 4 × (49 observation floats + 1 action) + 8 × (4 + 8 logits) + 8 mask flags = 304 bytes.
        EnvFamily gridMaze = EnvRegistry.load().family("GridMaze-v0");
        MemoryBudget budget = new MemoryBudget(4 * GIB, 1L << 20, GIB, false);
        BadInputException e = assertThrows(BadInputException.class, () -> budget.requireFits(
                config("env.id=GridMaze-v0;rollout.envsPerPartition=64;rollout.numSteps=128"), gridMaze));
        assertTrue(e.getMessage().contains("8192 × 304 = 2.4 MiB"), e.getMessage());
        assertTrue(e.getMessage().contains("304 bytes per sample (observation, action, distribution parameters, "
                + "action mask, advantage"), e.getMessage());
    }
}
