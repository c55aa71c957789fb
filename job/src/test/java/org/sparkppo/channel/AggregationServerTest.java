package org.sparkppo.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Partitions played by threads over loopback. The only time limits are JUnit's, as guards against a
 * hang: a failing round must reach every client, however long it takes.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AggregationServerTest {
    private static final Duration PATIENT = Duration.ofSeconds(60);
    private static final double[] ORDER_SENSITIVE = {1e16, 1.0, -1e16};

    private final ExecutorService partitions = Executors.newCachedThreadPool();

    @AfterEach
    void stopPartitions() {
        partitions.shutdownNow();
    }

    @Test
    void sumIsThePartitionOrderSumBitForBit() throws Exception {
        int parties = 3;
        int length = 6;
        double[][] payloads = new double[parties][length];
        for (int p = 0; p < parties; p++) {
            for (int i = 0; i < length; i++) {
                payloads[p][i] = ORDER_SENSITIVE[(p + i) % ORDER_SENSITIVE.length];
            }
        }
        double[] expected = partitionOrderSum(payloads);
        double[] reversed = new double[length];
        for (int i = 0; i < length; i++) {
            reversed[i] = (payloads[2][i] + payloads[1][i]) + payloads[0][i];
        }
        assertFalse(Arrays.equals(expected, reversed), "the payloads must make the order of addition matter");

        try (AggregationServer server = AggregationServer.open("127.0.0.1", PATIENT)) {
            server.expect(1, parties);
            List<Future<double[]>> sums = new ArrayList<>();
            for (int p = 0; p < parties; p++) {
                int partition = p;
                sums.add(start(() -> {
                    try (AggregationClient client = connect(server, 1, 0, partition, parties)) {
                        return client.sum(payloads[partition]);
                    }
                }));
            }
            for (Future<double[]> sum : sums) {
                assertArrayEquals(expected, sum.get());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5})
    void everyPartitionGetsTheSumOfEveryRound(int parties) throws Exception {
        int rounds = 200;
        try (AggregationServer server = AggregationServer.open("127.0.0.1", PATIENT)) {
            server.expect(42, parties);
            List<Future<Integer>> checked = new ArrayList<>();
            for (int p = 0; p < parties; p++) {
                int partition = p;
                checked.add(start(() -> {
                    try (AggregationClient client = connect(server, 42, 0, partition, parties)) {
                        for (int round = 0; round < rounds; round++) {
                            assertArrayEquals(partitionOrderSum(roundPayloads(parties, round)),
                                    client.sum(roundPayloads(parties, round)[partition]), "round " + round);
                        }
                        return rounds;
                    }
                }));
            }
            for (Future<Integer> partition : checked) {
                assertEquals(rounds, partition.get());
            }
        }
    }

    @Test
    void payloadsOfDifferentLengthsFailTheRoundForEveryone() throws Exception {
        try (AggregationServer server = AggregationServer.open("127.0.0.1", PATIENT)) {
            server.expect(3, 2);
            AggregationClient first = connect(server, 3, 0, 0, 2);
            AggregationClient second = connect(server, 3, 0, 1, 2);
            Future<double[]> firstSum = start(() -> first.sum(new double[3]));
            Future<double[]> secondSum = start(() -> second.sum(new double[4]));
            assertFailsWith(firstSum, "same length");
            assertFailsWith(secondSum, "same length");
        }
    }

    @Test
    void aClientWithoutTheSecretIsRefusedWhileTheOthersSum() throws Exception {
        try (AggregationServer server = AggregationServer.open("127.0.0.1", PATIENT)) {
            server.expect(5, 2);
            AggregationClient first = connect(server, 5, 0, 0, 2);
            ChannelAddress forged = new ChannelAddress(server.address().host(), server.address().port(), new byte[32]);
            IOException refused = assertThrows(IOException.class,
                    () -> AggregationClient.connect(forged, 5, 0, 1, 2, PATIENT));
            assertTrue(refused.getMessage().contains("authentication failed"), refused.getMessage());
            AggregationClient second = connect(server, 5, 0, 1, 2);
            Future<double[]> firstSum = start(() -> first.sum(new double[] {1, 2}));
            assertArrayEquals(new double[] {4, 6}, second.sum(new double[] {3, 4}));
            assertArrayEquals(new double[] {4, 6}, firstSum.get());
            first.close();
            second.close();
        }
    }

    @Test
    void aStageTheDriverDoesNotExpectIsRefused() throws Exception {
        try (AggregationServer server = AggregationServer.open("127.0.0.1", PATIENT)) {
            IOException beforeExpect = assertThrows(IOException.class, () -> connect(server, 8, 0, 0, 1));
            assertTrue(beforeExpect.getMessage().contains("stage 8 is not expected"), beforeExpect.getMessage());
            server.expect(9, 1);
            IOException otherStage = assertThrows(IOException.class, () -> connect(server, 8, 0, 0, 1));
            assertTrue(otherStage.getMessage().contains("the driver expects stage 9"), otherStage.getMessage());
        }
    }

    @Test
    void aPartitionThatNeverSendsFailsTheOthers() throws Exception {
        try (AggregationServer server = AggregationServer.open("127.0.0.1", Duration.ofMillis(300))) {
            server.expect(11, 3);
            AggregationClient first = connect(server, 11, 0, 0, 3);
            AggregationClient second = connect(server, 11, 0, 1, 3);
            AggregationClient silent = connect(server, 11, 0, 2, 3);
            Future<double[]> firstSum = start(() -> first.sum(new double[] {1}));
            Future<double[]> secondSum = start(() -> second.sum(new double[] {2}));
            assertFailsWith(firstSum, "no payload from partitions [2]");
            assertFailsWith(secondSum, "no payload from partitions [2]");
            IOException late = assertThrows(IOException.class, () -> silent.sum(new double[] {3}));
            assertTrue(late.getMessage().startsWith("stage 11 attempt 0 partition 2, round 0"), late.getMessage());
        }
    }

    @Test
    void aNewerAttemptSupersedesTheOlderOne() throws Exception {
        try (AggregationServer server = AggregationServer.open("127.0.0.1", PATIENT)) {
            server.expect(7, 2);
            AggregationClient oldFirst = connect(server, 7, 0, 0, 2);
            AggregationClient oldSecond = connect(server, 7, 0, 1, 2);
            Future<double[]> waiting = start(() -> oldFirst.sum(new double[] {1}));

            AggregationClient newFirst = connect(server, 7, 1, 0, 2);
            AggregationClient newSecond = connect(server, 7, 1, 1, 2);
            assertFailsWith(waiting, "superseded by attempt 1");
            IOException old = assertThrows(IOException.class, () -> oldSecond.sum(new double[] {2}));
            assertTrue(old.getMessage().contains("superseded by attempt 1"), old.getMessage());
            IOException late = assertThrows(IOException.class, () -> connect(server, 7, 0, 1, 2));
            assertTrue(late.getMessage().contains("older than its attempt 1"), late.getMessage());

            for (int round = 0; round < 3; round++) {
                Future<double[]> first = start(() -> newFirst.sum(new double[] {1, 10}));
                assertArrayEquals(new double[] {3, 30}, newSecond.sum(new double[] {2, 20}));
                assertArrayEquals(new double[] {3, 30}, first.get());
            }
            newFirst.close();
            newSecond.close();
        }
    }

    @Test
    void aPartitionThatLeavesMidStageFailsTheRoundForEveryone() throws Exception {
        try (AggregationServer server = AggregationServer.open("127.0.0.1", PATIENT)) {
            server.expect(13, 3);
            List<AggregationClient> clients = new ArrayList<>();
            for (int p = 0; p < 3; p++) {
                clients.add(connect(server, 13, 0, p, 3));
            }
            List<Future<double[]>> roundZero = new ArrayList<>();
            for (AggregationClient client : clients) {
                roundZero.add(start(() -> client.sum(new double[] {1})));
            }
            for (Future<double[]> sum : roundZero) {
                assertArrayEquals(new double[] {3}, sum.get());
            }
            Future<double[]> first = start(() -> clients.get(0).sum(new double[] {1}));
            Future<double[]> second = start(() -> clients.get(1).sum(new double[] {1}));
            clients.get(2).close();
            assertFailsWith(first, "closed");
            assertFailsWith(second, "closed");
        }
    }

    @Test
    void aPartitionThatLosesItsConnectionFailsTheRoundForEveryone() throws Exception {
        try (AggregationServer server = AggregationServer.open("127.0.0.1", PATIENT)) {
            server.expect(17, 3);
            AggregationClient first = connect(server, 17, 0, 0, 3);
            AggregationClient second = connect(server, 17, 0, 1, 3);
            Future<double[]> firstSum = start(() -> first.sum(new double[] {1}));
            Future<double[]> secondSum = start(() -> second.sum(new double[] {2}));
            joinAndDrop(server.address(), 17, 0, 2, 3);
            assertFailsWith(firstSum, "partition 2 lost its connection in round 0");
            assertFailsWith(secondSum, "partition 2 lost its connection in round 0");
        }
    }

    /** A partition whose executor dies: it authenticates, then its connection ends without a word. */
    private static void joinAndDrop(ChannelAddress address, long stageId, int attempt, int partition, int parties)
            throws IOException {
        try (Socket socket = new Socket(address.host(), address.port())) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            assertEquals(Wire.MAGIC, in.readInt());
            byte[] nonce = new byte[Wire.NONCE_BYTES];
            in.readFully(nonce);
            out.writeInt(Wire.MAGIC);
            out.writeLong(stageId);
            out.writeInt(attempt);
            out.writeInt(partition);
            out.writeInt(parties);
            out.write(Wire.mac(address.secret(), nonce, stageId, attempt, partition));
            out.flush();
            assertEquals(Wire.ACCEPTED, in.readByte());
        }
    }

    private static AggregationClient connect(AggregationServer server, long stageId, int attempt, int partition,
            int parties) throws IOException {
        return AggregationClient.connect(server.address(), stageId, attempt, partition, parties, PATIENT);
    }

    private <T> Future<T> start(Callable<T> partition) {
        return partitions.submit(partition);
    }

    private static void assertFailsWith(Future<?> sum, String reason) throws InterruptedException {
        ExecutionException failed = assertThrows(ExecutionException.class, sum::get);
        IOException failure = assertInstanceOf(IOException.class, failed.getCause());
        assertTrue(failure.getMessage().contains(reason), failure.getMessage());
    }

    /** Magnitudes that make floating-point addition order visible, varied by partition, round and index. */
    private static double[][] roundPayloads(int parties, int round) {
        int length = round % 2 == 0 ? 1000 : 7;
        double[][] payloads = new double[parties][length];
        for (int p = 0; p < parties; p++) {
            for (int i = 0; i < length; i++) {
                payloads[p][i] = ORDER_SENSITIVE[(p + round + i) % ORDER_SENSITIVE.length] * (1 + i % 5) + 0.1 * p;
            }
        }
        return payloads;
    }

    private static double[] partitionOrderSum(double[][] payloads) {
        double[] sum = payloads[0].clone();
        for (int p = 1; p < payloads.length; p++) {
            for (int i = 0; i < sum.length; i++) {
                sum[i] += payloads[p][i];
            }
        }
        return sum;
    }
}
