package org.sparkppo.model;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * CleanRL's learning-rate annealing, {@code lr_i = lr_0 · (1 − (i − 1) / numIterations)} for PPO
 * iteration {@code i} (1-based), constant within an iteration, as a DL4J schedule over the optimizer
 * step count. DL4J's driver advances the step count by {@code updatesPerIteration} (K epochs × the
 * minibatches per partition) per PPO iteration, so {@code i − 1 = ⌊step / updatesPerIteration⌋}
 * on the driver and on every worker. Lives in the network configuration, so checkpoints carry it.
 */
public final class PpoIterationLinearSchedule implements ISchedule {
    private static final long serialVersionUID = 1L;

    @JsonProperty("initialValue")
    private final double initialValue;
    @JsonProperty("numIterations")
    private final int numIterations;
    @JsonProperty("updatesPerIteration")
    private final int updatesPerIteration;

    public PpoIterationLinearSchedule(@JsonProperty("initialValue") double initialValue,
                                      @JsonProperty("numIterations") int numIterations,
                                      @JsonProperty("updatesPerIteration") int updatesPerIteration) {
        this.initialValue = initialValue;
        this.numIterations = numIterations;
        this.updatesPerIteration = updatesPerIteration;
    }

    /** The value during PPO iteration {@code iteration} (1-based). */
    public double valueAtPpoIteration(int iteration) {
        return initialValue * (1.0 - (iteration - 1.0) / numIterations);
    }

    @Override
    public double valueAt(int step, int epoch) {
        return valueAtPpoIteration(step / updatesPerIteration + 1);
    }

    @Override
    public ISchedule clone() {
        return new PpoIterationLinearSchedule(initialValue, numIterations, updatesPerIteration);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PpoIterationLinearSchedule s && s.initialValue == initialValue
                && s.numIterations == numIterations && s.updatesPerIteration == updatesPerIteration;
    }

    @Override
    public int hashCode() {
        return (Double.hashCode(initialValue) * 31 + numIterations) * 31 + updatesPerIteration;
    }
}
