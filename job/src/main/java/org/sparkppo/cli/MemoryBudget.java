package org.sparkppo.cli;

import java.util.Locale;
import org.apache.spark.SparkConf;
import org.sparkppo.config.BadInputException;
import org.sparkppo.config.PpoConfig;
import org.sparkppo.config.SyncMode;
import org.sparkppo.env.ActionMaskShape;
import org.sparkppo.env.EnvFamily;
import org.sparkppo.env.EnvSpec;
import org.sparkppo.policy.ActionDistribution;
import org.sparkppo.policy.ActionDistributions;

/**
 * Driver-only, before Spark starts: the memory Spark is configured with, and the refusal of a run whose
 * network or rollout cannot fit it. Every estimate is a lower bound (the arrays the trainer keeps at the
 * least, 8 bytes a double, 4 a float and 1 an action mask's flag), so a refused run could not have run; one that passes may still
 * need more.
 *
 * @param driverBytes    the driver's heap: this JVM's maximum ({@code spark.driver.memory}, or {@code -Xmx})
 * @param executorBytes  {@code spark.executor.memory}; with a local master the executors are the driver
 * @param maxResultBytes {@code spark.driver.maxResultSize}, the most one Spark job may send back; 0 = no limit
 * @param local          whether the master is {@code local[...]}: every partition then lives in the driver's heap
 */
record MemoryBudget(long driverBytes, long executorBytes, long maxResultBytes, boolean local) {
    /** Parameters, gradient and Adam's two moments: copies of the network every learner keeps. */
    private static final int NETWORK_COPIES = 4;

    /** The budget of this driver JVM under {@code conf}, with Spark's own defaults for what it does not set. */
    static MemoryBudget of(SparkConf conf) {
        return new MemoryBudget(Runtime.getRuntime().maxMemory(), conf.getSizeAsBytes("spark.executor.memory", "1g"),
                conf.getSizeAsBytes("spark.driver.maxResultSize", "1g"), conf.get("spark.master", "").startsWith("local"));
    }

    /** Refuses {@code config} on {@code family} when its network or its rollout cannot fit, naming the arithmetic. */
    void requireFits(PpoConfig config, EnvFamily family) {
        EnvSpec spec = family.spec();
        int observationDim = spec.observationSpace().flatDim();
        ActionDistribution distribution = ActionDistributions.forSpace(spec.actionSpace());
        int partitions = config.rollout().numPartitions();
        SyncMode sync = config.training().sync();
        double parameters = config.model().trunkWeights(observationDim);
        String networkTerms = "8 bytes × " + (long) parameters + " parameters (model.hiddenSizes "
                + config.model().hiddenSizes() + ", hidden layers alone)";
        double network = 8 * parameters * NETWORK_COPIES;

        // The model (parameters and Adam's two moments) comes back in the stage's task results: every
        // partition's with iteration-averaging, partition 0's otherwise.
        int models = sync == SyncMode.ITERATION_AVERAGING ? partitions : 1;
        double results = 8 * parameters * 3 * models;
        if (maxResultBytes > 0 && results > maxResultBytes) {
            throw new BadInputException("the stage's results carry " + (models == 1 ? "partition 0's model"
                    : "every partition's model (training.sync = iteration-averaging)") + ", parameters and Adam's two "
                    + "moments: " + networkTerms + " × 3 × " + models + (models == 1 ? " partition" : " partitions")
                    + " = " + size(results) + ", exceeding spark.driver.maxResultSize = " + size(maxResultBytes)
                    + "; use a smaller network" + (models == 1 ? "" : " or fewer partitions")
                    + ", or raise spark.driver.maxResultSize");
        }
        // What the driver holds of all partitions at once: with a channel, one round's payload from each (a
        // gradient, or parameters and Adam state); with iteration-averaging, the models in the results.
        int perPartition = sync == SyncMode.GRADIENT ? 1 : 3;
        double gathered = 8 * parameters * perPartition * partitions;
        int maskFlags = family.masksActions() ? ActionMaskShape.of(spec.actionSpace()).width() : 0;
        double bytesPerSample = 4.0 * (observationDim + distribution.actionWidth()) + 8.0 * (4 + distribution.paramWidth())
                + maskFlags;
        String sampleTerms = (long) bytesPerSample + " bytes per sample (observation, action, distribution parameters, "
                + (maskFlags > 0 ? "action mask, " : "") + "advantage, return, log-probability, value)";
        double partitionSamples = bytesPerSample * config.rollout().samplesPerPartition();
        double heldSamples = local ? partitionSamples * partitions : 0;
        double driver = network + gathered + heldSamples;
        if (driver > driverBytes) {
            throw new BadInputException("the driver needs at least " + size(driver) + " and has a heap of "
                    + size(driverBytes) + " (spark.driver.memory, or -Xmx): its network, " + networkTerms + " × "
                    + NETWORK_COPIES + " copies (parameters, gradient, Adam's moments) = " + size(network)
                    + "; what it gathers from the partitions at once (training.sync = " + sync.configName() + "), "
                    + "8 bytes × " + (long) parameters + " × " + perPartition + " × " + partitions + " partitions = "
                    + size(gathered) + (local ? "; and with a local master every partition's samples, "
                    + "rollout.numPartitions × envsPerPartition × numSteps × " + sampleTerms + " = " + partitions + " × "
                    + config.rollout().samplesPerPartition() + " × " + (long) bytesPerSample + " = " + size(heldSamples)
                    : "") + ". Shrink the network or the rollout, or give the driver more memory");
        }
        double executor = partitionSamples + network;
        if (!local && executor > executorBytes) {
            throw new BadInputException("one partition needs at least " + size(executor) + " and an executor has "
                    + size(executorBytes) + " (spark.executor.memory): its samples, rollout.envsPerPartition × numSteps × "
                    + sampleTerms + " = " + config.rollout().samplesPerPartition() + " × " + (long) bytesPerSample + " = "
                    + size(partitionSamples) + ", and its replica of the network, " + networkTerms + " × "
                    + NETWORK_COPIES + " = " + size(network) + ". Shrink the rollout or the network, or raise "
                    + "spark.executor.memory");
        }
    }

    private static String size(double bytes) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        int unit = 0;
        double value = bytes;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? String.format(Locale.ROOT, "%.0f bytes", value) : String.format(Locale.ROOT, "%.1f %s", value,
                units[unit]);
    }
}
