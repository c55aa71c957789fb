package org.sparkppo.channel;

import java.io.Serializable;

/**
 * Where the tasks of a run find its {@link AggregationServer}, and the secret that lets them in. The
 * driver ships it to the tasks inside the stage's closure. A class rather than a record because Kryo 4,
 * which Spark uses for broadcasts, cannot serialize records.
 */
public final class ChannelAddress implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String host;
    private final int port;
    private final byte[] secret;

    ChannelAddress(String host, int port, byte[] secret) {
        this.host = host;
        this.port = port;
        this.secret = secret.clone();
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** Package-private: only the two ends of the handshake use it, and it never crosses the channel. */
    byte[] secret() {
        return secret;
    }

    /** Host and port only: the secret stays out of logs and exception messages. */
    @Override
    public String toString() {
        return host + ":" + port;
    }
}
