package org.sparkppo.channel;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Driver-only: the hub of the run's aggregation channel. Each round, every partition of the expected
 * barrier stage sends a payload and gets back the sum over all partitions (see {@link StageAttempt}).
 * One server serves a whole run, one stage at a time: {@link #expect} names the stage whose tasks
 * connect next, and a newer attempt of that stage (Spark retries a barrier stage as a whole) drops the
 * older one, whose tasks then fail instead of waiting.
 *
 * <p>A daemon thread accepts connections and gives each its own thread; a round's payloads are summed
 * by the thread of the last one to arrive.
 */
public final class AggregationServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AggregationServer.class);
    private static final int SECRET_BYTES = 32;
    /** Room for every partition of a large stage connecting at once. */
    private static final int BACKLOG = 512;

    private final ServerSocket serverSocket;
    private final ChannelAddress address;
    private final Duration roundTimeout;
    private final SecureRandom random;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

    private final Object lock = new Object();
    private long expectedStage;
    /** Zero until the first {@link #expect}. */
    private int expectedParties;
    /** The newest attempt of the expected stage; null until its first connection. */
    private StageAttempt running;
    private boolean closed;

    private AggregationServer(ServerSocket serverSocket, ChannelAddress address, Duration roundTimeout,
            SecureRandom random) {
        this.serverSocket = serverSocket;
        this.address = address;
        this.roundTimeout = roundTimeout;
        this.random = random;
    }

    /**
     * Listens on a free port of {@code bindHost} with a fresh secret.
     *
     * @param bindHost the address the executors reach the driver at ({@code spark.driver.host}), not a
     *     wildcard: it is also the host the tasks are told to connect to
     * @param roundTimeout how long a round may stay open after its first payload before the server fails
     *     the attempt (it must cover how far the partitions drift apart between rounds); also the time a
     *     new connection has to complete its handshake
     */
    public static AggregationServer open(String bindHost, Duration roundTimeout) throws IOException {
        if (roundTimeout.isNegative() || roundTimeout.isZero()) {
            throw new IllegalArgumentException("roundTimeout must be positive, but was " + roundTimeout);
        }
        InetAddress bindAddress = InetAddress.getByName(bindHost);
        if (bindAddress.isAnyLocalAddress()) {
            throw new IllegalArgumentException("bindHost must be an address the executors can connect to, but was the"
                    + " wildcard " + bindHost + "; pass spark.driver.host");
        }
        SecureRandom random = new SecureRandom();
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        ServerSocket serverSocket = new ServerSocket(0, BACKLOG, bindAddress);
        ChannelAddress address = new ChannelAddress(bindHost, serverSocket.getLocalPort(), secret);
        AggregationServer server = new AggregationServer(serverSocket, address, roundTimeout, random);
        Thread acceptor = new Thread(server::acceptConnections, "aggregation-server-" + address.port());
        acceptor.setDaemon(true);
        acceptor.start();
        return server;
    }

    /** What the tasks need to connect: ship it to them in the stage's closure. */
    public ChannelAddress address() {
        return address;
    }

    /**
     * Announces the stage whose tasks connect next; call it before submitting the stage. Connections
     * for any other stage are refused from now on, and an unfinished attempt of the previous stage fails.
     *
     * @param stageId any number the driver chooses once per stage, e.g. the iteration
     * @param parties the stage's number of partitions, every one of which takes part in every round
     */
    public void expect(long stageId, int parties) {
        if (parties < 1) {
            throw new IllegalArgumentException("parties must be at least 1, but was " + parties);
        }
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("the aggregation server at " + address + " is closed");
            }
            if (running != null) {
                running.fail("the driver moved on to stage " + stageId, null);
                running = null;
            }
            expectedStage = stageId;
            expectedParties = parties;
        }
    }

    /** Stops accepting, fails an unfinished attempt and closes every connection. */
    @Override
    public void close() throws IOException {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (running != null) {
                running.fail("the aggregation server closed", null);
                running = null;
            }
        }
        IOException failure = null;
        try {
            serverSocket.close();
        } catch (IOException e) {
            failure = e;
        }
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Admits an authenticated connection to the attempt it names, starting that attempt if it is newer. */
    StageAttempt admit(long stageId, int attempt, int partition, int parties, Socket socket) throws ChannelRefusal {
        synchronized (lock) {
            if (closed) {
                throw new ChannelRefusal("the aggregation server is closed");
            }
            if (expectedParties == 0 || stageId != expectedStage) {
                throw new ChannelRefusal("stage " + stageId + " is not expected"
                        + (expectedParties == 0 ? "" : "; the driver expects stage " + expectedStage));
            }
            if (parties != expectedParties) {
                throw new ChannelRefusal("stage " + stageId + " has " + expectedParties + " partitions, but the client"
                        + " counts " + parties);
            }
            if (partition < 0 || partition >= parties) {
                throw new ChannelRefusal("partition " + partition + " is outside [0, " + parties + ")");
            }
            if (running == null || attempt > running.attempt()) {
                if (running != null) {
                    running.fail("superseded by attempt " + attempt, null);
                }
                running = new StageAttempt(stageId, attempt, parties, roundTimeout);
            } else if (attempt < running.attempt()) {
                throw new ChannelRefusal("attempt " + attempt + " of stage " + stageId + " is older than its attempt "
                        + running.attempt());
            }
            running.join(partition, socket);
            return running;
        }
    }

    /** A fresh challenge for one handshake. */
    byte[] nonce() {
        byte[] nonce = new byte[Wire.NONCE_BYTES];
        random.nextBytes(nonce);
        return nonce;
    }

    int handshakeTimeoutMillis() {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, roundTimeout.toMillis()));
    }

    /** A connection's thread is done with its socket. */
    void forget(Socket socket) {
        sockets.remove(socket);
    }

    private void acceptConnections() {
        while (true) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (!serverSocket.isClosed()) {
                    stopAfter(e);
                }
                return;
            }
            sockets.add(socket);
            Thread connection = new Thread(new PartitionConnection(this, socket),
                    "aggregation-connection-" + socket.getRemoteSocketAddress());
            connection.setDaemon(true);
            connection.start();
        }
    }

    /** Without an acceptor, new tasks would wait in the backlog: closing makes them fail at once instead. */
    private void stopAfter(IOException acceptFailure) {
        LOG.error("the aggregation server at {} stopped accepting connections; closing it", address, acceptFailure);
        try {
            close();
        } catch (IOException e) {
            LOG.error("closing the aggregation server at {} failed", address, e);
        }
    }
}
