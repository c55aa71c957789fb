package org.sparkppo.metrics;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.util.Map;
import org.sparkppo.config.BadInputException;
import org.sparkppo.io.ProtoMessage;

/**
 * TensorBoard's {@code Event} messages, as the public schema numbers their fields
 * ({@code tensorboard/compat/proto/event.proto}, {@code summary.proto}, {@code tensor.proto}):
 * Event {wall_time = 1 (double), step = 2 (int64), file_version = 3, summary = 5};
 * Summary {value = 1}; Value {tag = 1, simple_value = 2 (float), tensor = 8, metadata = 9};
 * SummaryMetadata {plugin_data = 1}; PluginData {plugin_name = 1};
 * TensorProto {dtype = 1 (DT_STRING = 7), tensor_shape = 2, string_val = 8}.
 */
final class TensorBoardEvents {
    /** The version every event file starts with; TensorBoard reads files of this version. */
    static final String FILE_VERSION = "brain.Event:2";
    private static final int DT_STRING = 7;

    private TensorBoardEvents() {
    }

    /** The first event of a file: its version. */
    static byte[] fileVersion(double wallTime) {
        return new ProtoMessage().doubleValue(1, wallTime).varint(2, 0).string(3, FILE_VERSION).toByteArray();
    }

    /** One event holding a scalar per entry of {@code scalars} (as 32-bit floats, TensorBoard's {@code simple_value}). */
    static byte[] scalars(double wallTime, long step, Map<String, Double> scalars) {
        ProtoMessage summary = new ProtoMessage();
        scalars.forEach((tag, value) -> summary.message(1,
                new ProtoMessage().string(1, tag).floatValue(2, value.floatValue())));
        return event(wallTime, step, summary);
    }

    /** One event holding {@code text} under {@code tag} for TensorBoard's text plugin (markdown). */
    static byte[] text(double wallTime, long step, String tag, String text) {
        ProtoMessage metadata = new ProtoMessage().message(1, new ProtoMessage().string(1, "text"));
        ProtoMessage tensor = new ProtoMessage().varint(1, DT_STRING).message(2, new ProtoMessage()).string(8, text);
        ProtoMessage value = new ProtoMessage().string(1, tag).message(8, tensor).message(9, metadata);
        return event(wallTime, step, new ProtoMessage().message(1, value));
    }

    private static byte[] event(double wallTime, long step, ProtoMessage summary) {
        return new ProtoMessage().doubleValue(1, wallTime).varint(2, step).message(5, summary).toByteArray();
    }

    /** The step of an encoded event (0 when absent, as proto3 defaults it). */
    static long step(byte[] event, String name) {
        CodedInputStream in = CodedInputStream.newInstance(event);
        try {
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                if (WireFormat.getTagFieldNumber(tag) == 2 && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_VARINT) {
                    return in.readInt64();
                }
                in.skipField(tag);
            }
            return 0;
        } catch (IOException e) {
            throw new BadInputException(name + ": expected TensorBoard Event messages, found a record that is not one ("
                    + e.getMessage() + ")", e);
        }
    }
}
