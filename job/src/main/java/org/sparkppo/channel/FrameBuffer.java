package org.sparkppo.channel;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * The bytes of one frame of doubles, converted in bulk (no per-element stream calls) and kept between
 * rounds: the array grows to the largest frame seen, so steady rounds allocate nothing here.
 */
final class FrameBuffer {
    private byte[] bytes = new byte[Wire.HEADER_BYTES];
    private int size;

    /** Lays out a {@link Wire#HEADER_BYTES} header and {@code values[0, length)} for one write. */
    void encode(byte kind, int round, double[] values, int length) {
        size = Wire.HEADER_BYTES + length * Double.BYTES;
        ensureCapacity(size);
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, size).put(kind).putInt(round).putInt(length);
        buffer.asDoubleBuffer().put(values, 0, length);
    }

    /** Writes the frame last {@linkplain #encode encoded} and flushes, in one write for large frames. */
    void writeTo(OutputStream out) throws IOException {
        out.write(bytes, 0, size);
        out.flush();
    }

    /** Reads the {@code length} doubles that follow a header into {@code target[0, length)}. */
    void readValues(DataInputStream in, double[] target, int length) throws IOException {
        int byteCount = length * Double.BYTES;
        ensureCapacity(byteCount);
        in.readFully(bytes, 0, byteCount);
        ByteBuffer.wrap(bytes, 0, byteCount).asDoubleBuffer().get(target, 0, length);
    }

    private void ensureCapacity(int byteCount) {
        if (bytes.length < byteCount) {
            bytes = new byte[byteCount];
        }
    }
}
