package org.sparkppo.io;

import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.sparkppo.normalize.NormalizationStats;
import org.sparkppo.partition.PartitionState;

/**
 * Everything that decides a run's future after iteration {@code iteration}: the network with its
 * optimizer state (Adam moments and step count), the partition states, the adaptive KL coefficient,
 * the normalization statistics, and the counters.
 *
 * @param iteration      iterations completed
 * @param totalTimesteps environment steps taken
 * @param elapsedSeconds training wall-clock time spent so far
 * @param klCoef         β of the KL penalty for the next iteration
 * @param normalization  running observation and return statistics
 */
public record Checkpoint(int iteration, long totalTimesteps, double elapsedSeconds, ComputationGraph network,
                         List<PartitionState> partitionStates, double klCoef, NormalizationStats normalization) {

    public Checkpoint {
        partitionStates = List.copyOf(partitionStates);
    }
}
