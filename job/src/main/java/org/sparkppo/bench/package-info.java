/**
 * Measurement programs, not part of training: {@link org.sparkppo.bench.GradientCostBenchmark}
 * measures what one DL4J minibatch gradient of the actor-critic costs, and which settings change it.
 */
package org.sparkppo.bench;
