package org.sparkppo.submit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recurrent (LSTM) policy on a real standalone cluster on 127.0.0.1, submitted through
 * {@code ./submit.sh} with {@code conf/spark/cluster.properties} (Kryo with registration required):
 * its architecture, parameters and the partition states with every environment's LSTM state travel
 * to executor JVMs and back, and the final parameters are bit-identical to a {@code local[2]} run.
 */
class RecurrentClusterIT {
    @TempDir
    Path work;

    @Test
    void lstmRunOnAStandaloneClusterEqualsTheLocalRun() throws Exception {
        SubmitRuns runs = new SubmitRuns(work, "--set", "env.id=CartPoleNoVel-v1", "--set", "model.recurrent=true",
                "--set", "model.lstmHiddenSize=16", "--set", "model.sequenceLength=16",
                "--set", "run.totalTimesteps=2048", "--set", "rollout.numSteps=64");
        try (LocalStandaloneCluster cluster = LocalStandaloneCluster.start(work)) {
            runs.runToSuccess("cluster", cluster.masterUrl(),
                    "--properties-file", LocalStandaloneCluster.REPO.resolve("conf/spark/cluster.properties").toString(),
                    "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
                    "--conf", "spark.executor.memory=1g");
        }
        runs.runToSuccess("local", "local[2]");
        assertArrayEquals(runs.finalParameters("local"), runs.finalParameters("cluster"), 0.0,
                "the cluster run's parameters differ from the local[2] run's");
    }
}
