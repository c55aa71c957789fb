package org.sparkppo.channel;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * Partition-local: one task's end of the run's aggregation channel for one barrier stage attempt.
 * {@link #sum} is a round: every partition of the stage calls it with a payload of the same length, in
 * the same order of rounds, and each gets the element-wise sum over all partitions. Any failure of the
 * round, here or at another partition, surfaces as an {@link IOException} naming the stage, attempt,
 * partition and round, after which the client is closed: the task should fail, and Spark retries the
 * barrier stage as a whole.
 */
public final class AggregationClient implements AutoCloseable {
    private static final int STREAM_BUFFER_BYTES = 1 << 16;

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final String where;
    private final Duration timeout;
    private final FrameBuffer frame = new FrameBuffer();
    private int rounds;

    private AggregationClient(Socket socket, DataInputStream in, DataOutputStream out, String where,
            Duration timeout) {
        this.socket = socket;
        this.in = in;
        this.out = out;
        this.where = where;
        this.timeout = timeout;
    }

    /**
     * Joins the attempt of a stage that the driver {@linkplain AggregationServer#expect expects}.
     *
     * @param attempt {@code BarrierTaskContext.stageAttemptNumber()}: a higher one supersedes the stage's
     *     older attempts
     * @param timeout the longest wait for the server on any read, connecting included; a round's sum
     *     comes only when the slowest partition sent its payload, so this should exceed the server's
     *     round timeout, which then reports the failure with a better reason
     */
    public static AggregationClient connect(ChannelAddress address, long stageId, int attempt, int partition,
            int parties, Duration timeout) throws IOException {
        if (parties < 1 || partition < 0 || partition >= parties || attempt < 0) {
            throw new IllegalArgumentException("need 0 <= partition < parties and attempt >= 0, but partition was "
                    + partition + ", parties " + parties + ", attempt " + attempt);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, but was " + timeout);
        }
        String where = "stage " + stageId + " attempt " + attempt + " partition " + partition;
        int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(address.host(), address.port()), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), STREAM_BUFFER_BYTES));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(),
                    STREAM_BUFFER_BYTES));
            if (in.readInt() != Wire.MAGIC) {
                throw new ProtocolException(address + " is not an aggregation server");
            }
            byte[] nonce = new byte[Wire.NONCE_BYTES];
            in.readFully(nonce);
            out.writeInt(Wire.MAGIC);
            out.writeLong(stageId);
            out.writeInt(attempt);
            out.writeInt(partition);
            out.writeInt(parties);
            out.write(Wire.mac(address.secret(), nonce, stageId, attempt, partition));
            out.flush();
            byte answer = in.readByte();
            if (answer == Wire.REFUSED) {
                throw closing(socket, where + ": the aggregation server at " + address + " refused the connection: "
                        + in.readUTF(), null);
            }
            if (answer != Wire.ACCEPTED) {
                throw new ProtocolException("unexpected handshake answer " + answer);
            }
            return new AggregationClient(socket, in, out, where, timeout);
        } catch (IOException e) {
            if (socket.isClosed()) {
                throw e;
            }
            throw closing(socket, where + ": could not join the aggregation channel at " + address + ": " + e, e);
        }
    }

    /**
     * One round: sends this partition's payload and returns the element-wise sum of all partitions'
     * payloads, added in partition order starting from partition 0's, so it is the same bits at every
     * partition and in every run.
     *
     * @throws IOException when the round failed at any partition or at the server; the client is closed
     */
    public double[] sum(double[] payload) throws IOException {
        if (socket.isClosed()) {
            throw new IllegalStateException(where + ": the channel is closed");
        }
        if (payload.length > Wire.MAX_LENGTH) {
            throw new IllegalArgumentException(where + ": a payload holds at most " + Wire.MAX_LENGTH
                    + " doubles, but had " + payload.length);
        }
        String round = where + ", round " + rounds;
        String failure;
        try {
            frame.encode(Wire.PAYLOAD, rounds, payload, payload.length);
            frame.writeTo(out);
            byte kind = in.readByte();
            if (kind == Wire.SUM) {
                double[] sum = readSum(payload.length);
                rounds++;
                return sum;
            }
            failure = kind == Wire.FAILED ? in.readUTF() : "unexpected frame kind " + kind;
        } catch (SocketTimeoutException e) {
            throw closing(socket, round + ": no sum from the aggregation server within " + timeout, e);
        } catch (IOException e) {
            throw closing(socket, round + ": the exchange with the aggregation server broke: " + e, e);
        }
        throw closing(socket, round + ": the aggregation server failed the attempt: " + failure, null);
    }

    /** Leaves the stage: after this the server treats a further round of the attempt as a failure. */
    @Override
    public void close() throws IOException {
        if (socket.isClosed()) {
            return;
        }
        try (socket) {
            out.writeByte(Wire.LEAVE);
            out.flush();
        }
    }

    private double[] readSum(int length) throws IOException {
        int round = in.readInt();
        int sumLength = in.readInt();
        if (round != rounds || sumLength != length) {
            throw new ProtocolException("expected the sum of round " + rounds + " with " + length
                    + " doubles, got round " + round + " with " + sumLength);
        }
        double[] sum = new double[length];
        frame.readValues(in, sum, length);
        return sum;
    }

    /** Closes a broken connection and returns the exception to throw, carrying any failure to close. */
    private static IOException closing(Socket socket, String message, Throwable cause) {
        IOException failure = new IOException(message, cause);
        try {
            socket.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
        return failure;
    }
}
