package org.sparkppo.train;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.sparkppo.config.BadInputException;
import org.sparkppo.config.PpoConfig;

/**
 * Driver-only, before Spark starts: whether an iteration's stage can be scheduled. A stage whose
 * partitions synchronize runs in barrier mode, which starts all its tasks at once: it needs a free
 * task slot per partition and does not run under dynamic allocation. A local master states its
 * slots ({@code local[N]}, {@code local[*]}); a cluster's are checked by Spark when the first stage
 * is submitted (README, "On a cluster").
 */
public final class StageSlots {
    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|\\d+)(?:,\\s*\\d+)?])?");

    private StageSlots() {
    }

    /** Refuses, as bad input, a configuration the master cannot schedule. */
    public static void require(PpoConfig config, SparkConf spark) {
        if (!config.training().sync().synchronizesInsideStage()) {
            return;
        }
        String sync = "training.sync = " + config.training().sync().configName();
        if (spark.getBoolean("spark.dynamicAllocation.enabled", false)) {
            throw new BadInputException("spark.dynamicAllocation.enabled: expected false with " + sync
                    + " (its stage runs in barrier mode, which Spark refuses under dynamic allocation), found true; "
                    + "or use training.sync = iteration-averaging");
        }
        int partitions = config.rollout().numPartitions();
        Matcher local = LOCAL.matcher(spark.get("spark.master", "").trim());
        if (local.matches()) {
            String n = local.group(1);
            int slots = n == null ? 1 : n.equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(n);
            if (slots < partitions) {
                throw new BadInputException("rollout.numPartitions: expected at most the " + slots + " task slots of "
                        + "master " + spark.get("spark.master") + " with " + sync + " (its stage runs all partitions "
                        + "at once, in barrier mode), found " + partitions + "; use --master local[" + partitions
                        + "], fewer partitions, or training.sync = iteration-averaging");
            }
        }
    }
}
