package org.sparkppo.env;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * This JVM's vector envs of {@link Environment} classes without {@link Snapshotting}, by the
 * snapshot bytes they last gave: such a snapshot cannot rebuild its instances, so the next
 * iteration of a partition that runs in the same JVM continues with the live instances instead.
 * An entry is taken once, and only while its vector env has not stepped since; the oldest entries
 * beyond {@value #CAPACITY} are dropped (their partitions then start new episodes).
 */
final class LiveEnvironments {
    private static final int CAPACITY = 1024;

    private record Entry(VectorEnv env, long generation) {
    }

    private static final Map<ByteBuffer, Entry> BY_SNAPSHOT = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Entry> eldest) {
            return size() > CAPACITY;
        }
    };

    private LiveEnvironments() {
    }

    static synchronized void keep(byte[] snapshot, VectorEnv env) {
        BY_SNAPSHOT.put(ByteBuffer.wrap(snapshot.clone()), new Entry(env, env.generation()));
    }

    /** The live vector env that gave {@code snapshot} and has not moved since, or null. */
    static synchronized VectorEnv take(byte[] snapshot) {
        Entry entry = BY_SNAPSHOT.remove(ByteBuffer.wrap(snapshot));
        return entry != null && entry.env().generation() == entry.generation() ? entry.env() : null;
    }
}
