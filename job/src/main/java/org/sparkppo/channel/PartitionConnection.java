package org.sparkppo.channel;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;
import java.net.Socket;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Driver-only: the server's end of one client connection, run on its own thread. Authenticates the
 * client, admits it to its {@link StageAttempt}, then relays its rounds: reads a payload, waits for the
 * round's sum, writes it back. When the attempt fails it tells its client why and hangs up.
 */
final class PartitionConnection implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionConnection.class);
    private static final int STREAM_BUFFER_BYTES = 1 << 16;

    private final AggregationServer server;
    private final Socket socket;
    private final FrameBuffer frame = new FrameBuffer();
    private double[] payload = new double[0];
    private DataInputStream in;
    private DataOutputStream out;
    private StageAttempt attempt;
    private int partition;
    private int rounds;

    PartitionConnection(AggregationServer server, Socket socket) {
        this.server = server;
        this.socket = socket;
    }

    @Override
    public void run() {
        try (socket) {
            socket.setTcpNoDelay(true);
            in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), STREAM_BUFFER_BYTES));
            out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), STREAM_BUFFER_BYTES));
            if (admit()) {
                serveRounds();
            }
        } catch (IOException e) {
            LOG.warn("the handshake with {} failed", socket.getRemoteSocketAddress(), e);
        } finally {
            server.forget(socket);
        }
    }

    /** The handshake of {@link Wire}: true when the client joined its stage attempt. */
    private boolean admit() throws IOException {
        socket.setSoTimeout(server.handshakeTimeoutMillis());
        byte[] nonce = server.nonce();
        out.writeInt(Wire.MAGIC);
        out.write(nonce);
        out.flush();
        String refusal;
        try {
            if (in.readInt() != Wire.MAGIC) {
                throw new ChannelRefusal("not an aggregation channel client");
            }
            long stageId = in.readLong();
            int attemptNumber = in.readInt();
            partition = in.readInt();
            int parties = in.readInt();
            byte[] mac = new byte[Wire.MAC_BYTES];
            in.readFully(mac);
            byte[] expected = Wire.mac(server.address().secret(), nonce, stageId, attemptNumber, partition);
            if (!MessageDigest.isEqual(mac, expected)) {
                throw new ChannelRefusal("authentication failed: the client does not hold this run's secret");
            }
            attempt = server.admit(stageId, attemptNumber, partition, parties, socket);
            socket.setSoTimeout(0);
            out.writeByte(Wire.ACCEPTED);
            out.flush();
            return true;
        } catch (ChannelRefusal e) {
            refusal = e.getMessage();
        }
        LOG.warn("refused a channel connection from {}: {}", socket.getRemoteSocketAddress(), refusal);
        out.writeByte(Wire.REFUSED);
        out.writeUTF(refusal);
        out.flush();
        return false;
    }

    /**
     * Relays rounds until the client leaves or the attempt fails. Reads wait without a time limit: a
     * partition may compute for long between rounds, and the attempt's round timeout starts only with
     * a round's first payload.
     */
    private void serveRounds() {
        try {
            while (relayRound()) {
                rounds++;
            }
        } catch (IOException e) {
            attempt.fail("partition " + partition + " lost its connection in round " + rounds + ": " + e, e);
        }
        String failure = attempt.failure();
        if (failure != null) {
            tellClient(failure);
        }
    }

    /** Best effort: the attempt's failure is logged already, and a client that is gone fails on its own. */
    private void tellClient(String failure) {
        try {
            out.writeByte(Wire.FAILED);
            out.writeUTF(failure);
            out.flush();
        } catch (IOException e) {
            LOG.debug("could not tell partition {} of {} why it failed", partition, attempt, e);
        }
    }

    /** One round: false when the client left or the attempt failed. */
    private boolean relayRound() throws IOException {
        int kind = in.read();
        if (kind == Wire.LEAVE) {
            attempt.leave(partition, rounds);
            return false;
        }
        if (kind == -1) {
            throw new EOFException("the connection closed without the partition leaving the stage");
        }
        if (kind != Wire.PAYLOAD) {
            throw new ProtocolException("expected a payload frame, got kind " + kind);
        }
        int round = in.readInt();
        int length = in.readInt();
        if (round != rounds) {
            throw new ProtocolException("the client sent round " + round + " where round " + rounds + " is due");
        }
        if (length < 0 || length > Wire.MAX_LENGTH) {
            throw new ProtocolException("payload length " + length + " is outside [0, " + Wire.MAX_LENGTH + "]");
        }
        if (payload.length < length) {
            payload = new double[length];
        }
        frame.readValues(in, payload, length);
        FrameBuffer sum = attempt.arrive(partition, round, payload, length);
        if (sum == null) {
            return false;
        }
        sum.writeTo(out);
        return true;
    }
}
