package org.sparkppo.cli;

import java.util.Map;
import org.sparkppo.bench.SparkJobCounter;

/**
 * The Spark settings {@code conf/spark/local.properties} gives a {@code ./submit.sh} run, as JVM
 * system properties (which {@code SparkConf} reads), for tests that run the job in-process.
 */
final class SparkTestProperties {
    private static final Map<String, String> PROPERTIES = Map.of(
            "spark.serializer", "org.apache.spark.serializer.KryoSerializer",
            "spark.kryo.registrator", "org.sparkppo.stage.PpoKryoRegistrator",
            "spark.kryo.registrationRequired", "true",
            "spark.ui.enabled", "false",
            "spark.driver.host", "127.0.0.1",
            "spark.driver.bindAddress", "127.0.0.1",
            "spark.extraListeners", SparkJobCounter.class.getName());

    private SparkTestProperties() {
    }

    static void set(String master) {
        PROPERTIES.forEach(System::setProperty);
        System.setProperty("spark.master", master);
    }

    static void clear() {
        PROPERTIES.keySet().forEach(System::clearProperty);
        System.clearProperty("spark.master");
    }
}
