package org.sparkppo.env;

/**
 * Implemented by an {@link Environment} whose whole state can be written to bytes and read back, so
 * that a restored instance continues exactly as the original would (same observations and rewards
 * under the same actions). With it a partition state carries every instance's bytes and recomputed
 * partitions, resumed runs and repeated runs are bit-identical, as for the built-in environments.
 */
public interface Snapshotting {

    /**
     * The format of {@link #snapshot()}'s bytes; stored beside them and handed back to
     * {@link #restore}, so a newer class can read (or refuse) bytes an older one wrote.
     */
    int snapshotVersion();

    /** This instance's whole state, mid-episode included. */
    byte[] snapshot();

    /**
     * Makes this (freshly constructed) instance the one {@code snapshot} was taken of.
     *
     * @throws IllegalArgumentException when {@code version} is not one this class reads
     */
    void restore(byte[] snapshot, int version);
}
