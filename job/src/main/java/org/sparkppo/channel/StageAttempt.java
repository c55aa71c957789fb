package org.sparkppo.channel;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Driver-only: the rounds of one attempt of one barrier stage. Collects each partition's payload, sums
 * them in partition order when the last one arrives, and fails the whole attempt at once when a round
 * cannot complete, because Spark retries a barrier stage only as a whole: a partition left waiting
 * would hang the stage instead.
 *
 * <p>Each connection's thread calls in; one lock guards the round, and the thread whose payload
 * completes a round does the sum while the others wait for it.
 */
final class StageAttempt {
    private static final Logger LOG = LoggerFactory.getLogger(StageAttempt.class);

    private final long stageId;
    private final int attempt;
    private final int parties;
    private final Duration roundTimeout;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition roundEnded = lock.newCondition();
    private final Socket[] sockets;
    private final double[][] payloads;
    private final boolean[] left;
    private int leftCount;
    /** The rounds every partition has the sum of; the open round has this number. */
    private int completedRounds;
    private int arrivals;
    private int roundLength;
    private int firstArrival;
    private long roundDeadline;
    private double[] sum = new double[0];
    private final FrameBuffer sumFrame = new FrameBuffer();
    /** Why the attempt failed, or null while it is healthy; the first reason wins. */
    private String failure;

    StageAttempt(long stageId, int attempt, int parties, Duration roundTimeout) {
        this.stageId = stageId;
        this.attempt = attempt;
        this.parties = parties;
        this.roundTimeout = roundTimeout;
        this.sockets = new Socket[parties];
        this.payloads = new double[parties][];
        this.left = new boolean[parties];
    }

    int attempt() {
        return attempt;
    }

    /** Registers a partition's connection, so a failure of the attempt can reach it. */
    void join(int partition, Socket socket) throws ChannelRefusal {
        lock.lock();
        try {
            if (failure != null) {
                throw new ChannelRefusal(this + " has failed: " + failure);
            }
            if (sockets[partition] != null) {
                throw new ChannelRefusal("partition " + partition + " of " + this + " is already connected");
            }
            sockets[partition] = socket;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Hands in a partition's payload for {@code round} and waits until the round ends.
     *
     * @return the frame holding the round's sum, which stays untouched until every partition has it
     *     (the next round cannot end before they all sent it), or null when the attempt failed
     */
    FrameBuffer arrive(int partition, int round, double[] payload, int length) {
        lock.lock();
        try {
            if (failure != null) {
                return null;
            }
            if (leftCount > 0) {
                fail("partition " + partition + " sent round " + round + " after partitions " + partitions(left, true)
                        + " closed their channel", null);
                return null;
            }
            if (arrivals == 0) {
                roundLength = length;
                firstArrival = partition;
                roundDeadline = System.nanoTime() + roundTimeout.toNanos();
            } else if (length != roundLength) {
                fail("round " + round + ": partition " + partition + " sent " + length + " doubles, but partition "
                        + firstArrival + " sent " + roundLength + "; every partition must send the same length", null);
                return null;
            }
            payloads[partition] = payload;
            if (++arrivals == parties) {
                endRound(round);
                return sumFrame;
            }
            return awaitEnd(partition, round);
        } finally {
            lock.unlock();
        }
    }

    /** A partition is done with the stage after {@code rounds} rounds; a round others have begun cannot end. */
    void leave(int partition, int rounds) {
        lock.lock();
        try {
            left[partition] = true;
            leftCount++;
            if (arrivals > 0) {
                fail("partition " + partition + " closed its channel after " + rounds + " rounds, but partitions "
                        + partitions(arrived(), true) + " sent round " + rounds, null);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Fails the attempt: wakes every partition waiting for a round and shuts the input of every
     * connection, so that each connection's thread stops reading, tells its client why and hangs up.
     * Only the first failure is recorded: later ones are its consequences. An attempt all of whose
     * partitions left is over and cannot fail any more.
     */
    void fail(String reason, Throwable cause) {
        lock.lock();
        try {
            if (failure != null || leftCount == parties) {
                return;
            }
            failure = reason;
            roundEnded.signalAll();
            LOG.warn("{} failed: {}", this, reason, cause);
            for (int p = 0; p < parties; p++) {
                Socket socket = sockets[p];
                if (socket != null && !socket.isClosed() && !socket.isInputShutdown()) {
                    shutdownInput(p, socket);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Why the attempt failed, or null while it is healthy. */
    String failure() {
        lock.lock();
        try {
            return failure;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "stage " + stageId + " attempt " + attempt;
    }

    private FrameBuffer awaitEnd(int partition, int round) {
        while (completedRounds == round && failure == null) {
            long remaining = roundDeadline - System.nanoTime();
            if (remaining <= 0) {
                List<Integer> unconnected = partitions(connected(), false);
                fail("round " + round + " did not complete within " + roundTimeout + " of its first payload: no payload"
                        + " from partitions " + partitions(arrived(), false)
                        + (unconnected.isEmpty() ? "" : ", of which " + unconnected + " never connected"), null);
                break;
            }
            try {
                roundEnded.awaitNanos(remaining);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("the server thread of partition " + partition + " was interrupted in round " + round, e);
            }
        }
        return completedRounds > round ? sumFrame : null;
    }

    /** The running sum from partition 0's payload, so the result is the same bits in every run. */
    private void endRound(int round) {
        int n = roundLength;
        if (sum.length < n) {
            sum = new double[n];
        }
        System.arraycopy(payloads[0], 0, sum, 0, n);
        for (int p = 1; p < parties; p++) {
            double[] payload = payloads[p];
            for (int i = 0; i < n; i++) {
                sum[i] += payload[i];
            }
        }
        sumFrame.encode(Wire.SUM, round, sum, n);
        Arrays.fill(payloads, null);
        arrivals = 0;
        completedRounds++;
        roundEnded.signalAll();
    }

    private boolean[] arrived() {
        boolean[] arrived = new boolean[parties];
        for (int p = 0; p < parties; p++) {
            arrived[p] = payloads[p] != null;
        }
        return arrived;
    }

    private boolean[] connected() {
        boolean[] connected = new boolean[parties];
        for (int p = 0; p < parties; p++) {
            connected[p] = sockets[p] != null;
        }
        return connected;
    }

    private static List<Integer> partitions(boolean[] flags, boolean value) {
        List<Integer> partitions = new ArrayList<>();
        for (int p = 0; p < flags.length; p++) {
            if (flags[p] == value) {
                partitions.add(p);
            }
        }
        return partitions;
    }

    private void shutdownInput(int partition, Socket socket) {
        try {
            socket.shutdownInput();
        } catch (IOException e) {
            LOG.debug("partition {} of {} was already hanging up", partition, this, e);
        }
    }
}
