/**
 * The run's own aggregation channel: the tasks of a barrier stage sum payloads through it many times
 * per iteration, where {@code BarrierTaskContext.allGather} would cost about a second per call
 * (Spark 3.5 polls its replies once a second).
 *
 * <p>{@link org.sparkppo.channel.AggregationServer} runs on the driver as a hub: every round each
 * partition sends its {@code double[]} and gets back the element-wise sum over all partitions, taken in
 * partition order so that every run, and every partition, sees bit-identical values.
 * {@link org.sparkppo.channel.AggregationClient} is its partition-local end. The driver ships a
 * {@link org.sparkppo.channel.ChannelAddress} (host, port and the run's secret) to the tasks in the
 * stage's closure; a client proves it holds the secret without sending it. A round that cannot complete
 * (a lost connection, a silent partition, a newer attempt of the stage) fails every connection of its
 * attempt, so a barrier stage fails and retries as a whole instead of hanging.
 */
package org.sparkppo.channel;
