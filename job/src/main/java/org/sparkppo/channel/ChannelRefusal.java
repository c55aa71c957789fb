package org.sparkppo.channel;

/** Why the server turns a connection away; the reason is sent to the client before the server hangs up. */
final class ChannelRefusal extends Exception {
    private static final long serialVersionUID = 1L;

    ChannelRefusal(String reason) {
        super(reason);
    }
}
