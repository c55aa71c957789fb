package org.sparkppo.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * An event file reader written for the tests from the public formats alone (TFRecord framing and
 * the protobuf wire format, decoded by hand): it shares no code with the writer, so that the writer's
 * framing, both checksums and field numbers are checked against the specification rather than
 * against themselves. Strict: a cut-short or mis-summed record fails the test.
 */
public final class EventFileReader {
    /** One Event: its wall time, step, file version (if it is the first) and summary values. */
    public record Event(double wallTime, long step, String fileVersion, List<Value> values) {
    }

    /** One Summary.Value: a scalar ({@code simpleValue}) or a text tensor of a plugin. */
    public record Value(String tag, Float simpleValue, String pluginName, String text) {
    }

    private EventFileReader() {
    }

    /** The file's events; fails on anything that is not a well-framed Event. */
    public static List<Event> read(Path file) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        List<Event> events = new ArrayList<>();
        while (in.hasRemaining()) {
            assertTrue(in.remaining() >= 12, file + ": a record header cut short at byte " + in.position());
            byte[] lengthBytes = new byte[8];
            in.get(lengthBytes);
            long length = ByteBuffer.wrap(lengthBytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
            assertEquals(masked(crc32c(lengthBytes)), in.getInt(), file + ": length CRC at byte " + in.position());
            assertTrue(length <= in.remaining() - 4, file + ": a record cut short at byte " + in.position());
            byte[] data = new byte[(int) length];
            in.get(data);
            assertEquals(masked(crc32c(data)), in.getInt(), file + ": data CRC at byte " + in.position());
            events.add(event(data));
        }
        return events;
    }

    static int crc32c(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return (int) crc.getValue();
    }

    /** TensorFlow's mask: rotate right by 15 bits, add 0xa282ead8. */
    static int masked(int crc) {
        return Integer.rotateRight(crc, 15) + 0xa282ead8;
    }

    private static Event event(byte[] bytes) {
        Wire w = new Wire(bytes);
        double wallTime = 0;
        long step = 0;
        String version = null;
        List<Value> values = new ArrayList<>();
        while (w.more()) {
            int key = (int) w.varint();
            switch (key) {
                case (1 << 3) | 1 -> wallTime = Double.longBitsToDouble(w.fixed64());
                case (2 << 3) -> step = w.varint();
                case (3 << 3) | 2 -> version = new String(w.lengthDelimited(), StandardCharsets.UTF_8);
                case (5 << 3) | 2 -> values.addAll(summary(w.lengthDelimited()));
                default -> throw new AssertionError("unexpected Event field key " + key);
            }
        }
        return new Event(wallTime, step, version, values);
    }

    private static List<Value> summary(byte[] bytes) {
        Wire w = new Wire(bytes);
        List<Value> values = new ArrayList<>();
        while (w.more()) {
            assertEquals((1 << 3) | 2, (int) w.varint(), "Summary.value");
            values.add(value(w.lengthDelimited()));
        }
        return values;
    }

    private static Value value(byte[] bytes) {
        Wire w = new Wire(bytes);
        String tag = null;
        Float simple = null;
        String plugin = null;
        String text = null;
        while (w.more()) {
            int key = (int) w.varint();
            switch (key) {
                case (1 << 3) | 2 -> tag = new String(w.lengthDelimited(), StandardCharsets.UTF_8);
                case (2 << 3) | 5 -> simple = Float.intBitsToFloat(w.fixed32());
                case (8 << 3) | 2 -> text = stringTensor(w.lengthDelimited());
                case (9 << 3) | 2 -> plugin = pluginName(w.lengthDelimited());
                default -> throw new AssertionError("unexpected Summary.Value field key " + key);
            }
        }
        return new Value(tag, simple, plugin, text);
    }

    private static String stringTensor(byte[] bytes) {
        Wire w = new Wire(bytes);
        String text = null;
        while (w.more()) {
            int key = (int) w.varint();
            switch (key) {
                case (1 << 3) -> assertEquals(7, w.varint(), "TensorProto.dtype: DT_STRING");
                case (2 << 3) | 2 -> assertEquals(0, w.lengthDelimited().length, "a rank-0 tensor_shape");
                case (8 << 3) | 2 -> text = new String(w.lengthDelimited(), StandardCharsets.UTF_8);
                default -> throw new AssertionError("unexpected TensorProto field key " + key);
            }
        }
        return text;
    }

    private static String pluginName(byte[] metadata) {
        Wire w = new Wire(metadata);
        assertEquals((1 << 3) | 2, (int) w.varint(), "SummaryMetadata.plugin_data");
        Wire pluginData = new Wire(w.lengthDelimited());
        assertEquals((1 << 3) | 2, (int) pluginData.varint(), "PluginData.plugin_name");
        return new String(pluginData.lengthDelimited(), StandardCharsets.UTF_8);
    }

    /** The protobuf wire format's primitives. */
    private static final class Wire {
        private final ByteBuffer in;

        Wire(byte[] bytes) {
            in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        }

        boolean more() {
            return in.hasRemaining();
        }

        long varint() {
            long value = 0;
            for (int shift = 0; ; shift += 7) {
                byte b = in.get();
                value |= (long) (b & 0x7f) << shift;
                if (b >= 0) {
                    return value;
                }
            }
        }

        long fixed64() {
            return in.getLong();
        }

        int fixed32() {
            return in.getInt();
        }

        byte[] lengthDelimited() {
            byte[] bytes = new byte[(int) varint()];
            in.get(bytes);
            return bytes;
        }
    }
}
