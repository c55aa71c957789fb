package org.sparkppo.channel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Round-trip time of {@link AggregationClient#sum} over loopback, by payload length: the cost of one
 * synchronization that the training stage pays per minibatch or per epoch. Not a test (no assertion);
 * run it by hand after {@code mvn -o -pl job -am test-compile}:
 *
 * <pre>
 * java -cp job/target/classes:job/target/test-classes:$HOME/.m2/repository/org/slf4j/slf4j-api/2.0.7/slf4j-api-2.0.7.jar \
 *     org.sparkppo.channel.AggregationChannelBenchmark [parties] [rounds]
 * </pre>
 */
public final class AggregationChannelBenchmark {
    private static final int[] LENGTHS = {10, 10_000, 30_000};

    private AggregationChannelBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int parties = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        ExecutorService partitions = Executors.newFixedThreadPool(parties);
        try (AggregationServer server = AggregationServer.open("127.0.0.1", Duration.ofSeconds(30))) {
            long stageId = 0;
            for (int length : LENGTHS) {
                server.expect(stageId, parties);
                long[] nanos = roundTrips(server.address(), stageId++, parties, length, rounds, partitions);
                Arrays.sort(nanos);
                System.out.printf("%d parties x %6d doubles: median %8.1f us, p90 %8.1f us over %d rounds%n", parties,
                        length, nanos[nanos.length / 2] / 1e3, nanos[nanos.length * 9 / 10] / 1e3, rounds);
            }
        } finally {
            partitions.shutdownNow();
        }
    }

    /** Every partition runs the same rounds, the first half unmeasured (JIT warm-up); partition 0 times its own. */
    private static long[] roundTrips(ChannelAddress address, long stageId, int parties, int length, int rounds,
            ExecutorService partitions) throws Exception {
        List<Future<long[]>> timings = new ArrayList<>();
        for (int p = 0; p < parties; p++) {
            int partition = p;
            timings.add(partitions.submit(() -> {
                double[] payload = new double[length];
                Arrays.fill(payload, partition + 0.5);
                long[] nanos = new long[rounds];
                try (AggregationClient client = AggregationClient.connect(address, stageId, 0, partition, parties,
                        Duration.ofSeconds(60))) {
                    for (int round = -rounds; round < rounds; round++) {
                        long start = System.nanoTime();
                        client.sum(payload);
                        if (round >= 0) {
                            nanos[round] = System.nanoTime() - start;
                        }
                    }
                }
                return nanos;
            }));
        }
        long[] first = timings.get(0).get();
        for (Future<long[]> timing : timings) {
            timing.get();
        }
        return first;
    }
}
