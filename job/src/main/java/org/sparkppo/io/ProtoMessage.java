package org.sparkppo.io;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of one protocol buffer message, written field by field in the public wire format
 * (protobuf-java's {@link CodedOutputStream}); the field numbers are the callers', taken from the
 * public schemas they cite. Used for TensorBoard's events and ONNX models, where only a few fields
 * of a few messages are written and nothing is read back: hand-written fields need no {@code protoc}
 * at build time and no generated classes in the jar.
 */
public final class ProtoMessage {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CodedOutputStream out = CodedOutputStream.newInstance(bytes);

    /** An {@code int32}, {@code int64}, {@code uint64}, {@code bool} or enum field. */
    public ProtoMessage varint(int field, long value) {
        return write(() -> out.writeInt64(field, value));
    }

    public ProtoMessage doubleValue(int field, double value) {
        return write(() -> out.writeDouble(field, value));
    }

    public ProtoMessage floatValue(int field, float value) {
        return write(() -> out.writeFloat(field, value));
    }

    public ProtoMessage string(int field, String value) {
        return write(() -> out.writeByteArray(field, value.getBytes(StandardCharsets.UTF_8)));
    }

    public ProtoMessage bytes(int field, byte[] value) {
        return write(() -> out.writeByteArray(field, value));
    }

    /** An embedded message (written even when empty: its presence can matter). */
    public ProtoMessage message(int field, ProtoMessage value) {
        return bytes(field, value.toByteArray());
    }

    public byte[] toByteArray() {
        write(out::flush);
        return bytes.toByteArray();
    }

    private ProtoMessage write(FieldWrite field) {
        try {
            field.run();
        } catch (IOException e) {
            // A ByteArrayOutputStream does not fail; protobuf-java declares it anyway.
            throw new UncheckedIOException(e);
        }
        return this;
    }

    @FunctionalInterface
    private interface FieldWrite {
        void run() throws IOException;
    }
}
