package org.sparkppo.channel;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The channel's protocol, in one place so that client and server cannot drift apart. Everything is
 * big-endian ({@link java.io.DataOutput}); doubles travel as their IEEE 754 bits, so a sum crosses the
 * wire bit-exactly.
 *
 * <pre>
 * handshake  server: MAGIC, nonce[32]
 *            client: MAGIC, stageId, attempt, partition, parties, mac[32]
 *            server: ACCEPTED | REFUSED, reason (UTF)
 * rounds     client: PAYLOAD, round, length, double[length]  | LEAVE
 *            server: SUM,     round, length, double[length]  | FAILED, reason (UTF)
 * </pre>
 *
 * The client proves it holds the run's secret with {@link #mac}, bound to the server's fresh nonce and
 * to the identity it claims, so neither the secret nor a replayable answer ever crosses the network.
 */
final class Wire {
    static final int MAGIC = 0x50504f43;
    static final int NONCE_BYTES = 32;
    static final int MAC_BYTES = 32;

    static final byte ACCEPTED = 1;
    static final byte REFUSED = 2;
    static final byte PAYLOAD = 3;
    static final byte SUM = 4;
    /** A partition is done with the stage: a connection that ends without it is a lost partition. */
    static final byte LEAVE = 5;
    static final byte FAILED = 6;

    /** Kind, round and length in front of the doubles of a {@link #PAYLOAD} or {@link #SUM}. */
    static final int HEADER_BYTES = 1 + Integer.BYTES + Integer.BYTES;
    /** The most doubles a frame can hold while its bytes still fit one array. */
    static final int MAX_LENGTH = (Integer.MAX_VALUE - 8 - HEADER_BYTES) / Double.BYTES;

    private Wire() {
    }

    /** HMAC-SHA256(secret, nonce ‖ stageId ‖ attempt ‖ partition). */
    static byte[] mac(byte[] secret, byte[] nonce, long stageId, int attempt, int partition) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(nonce);
            mac.update(ByteBuffer.allocate(Long.BYTES + 2 * Integer.BYTES)
                    .putLong(stageId).putInt(attempt).putInt(partition).array());
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform must provide HmacSHA256", e);
        }
    }
}
