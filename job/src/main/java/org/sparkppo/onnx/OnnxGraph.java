package org.sparkppo.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparkppo.io.ProtoMessage;

/**
 * An ONNX model under construction: initializers, nodes in topological order, typed graph inputs and
 * outputs, written as a {@code ModelProto} with the field numbers of the public schema
 * ({@code onnx/onnx.proto}): ModelProto {ir_version = 1, producer_name = 2, graph = 7,
 * opset_import = 8, metadata_props = 14}; GraphProto {node = 1, name = 2, initializer = 5,
 * input = 11, output = 12}; NodeProto {input = 1, output = 2, name = 3, op_type = 4, attribute = 5};
 * AttributeProto {name = 1, i = 3, type = 20 (INT = 2)}; TensorProto {dims = 1, data_type = 2,
 * name = 8, raw_data = 9 (little-endian)}; ValueInfoProto {name = 1, type = 2}; TypeProto
 * {tensor_type = 1}; TypeProto.Tensor {elem_type = 1, shape = 2}; TensorShapeProto {dim = 1};
 * Dimension {dim_value = 1, dim_param = 2}; OperatorSetIdProto {version = 2};
 * StringStringEntryProto {key = 1, value = 2}.
 */
public final class OnnxGraph {
    /** {@code TensorProto.DataType} values. */
    public static final int FLOAT = 1;
    public static final int INT64 = 7;
    public static final int BOOL = 9;
    public static final int DOUBLE = 11;
    /** The ONNX operator set the nodes are written against (ONNX 1.12, IR version 8). */
    public static final int OPSET = 17;
    public static final int IR_VERSION = 8;
    private static final int ATTRIBUTE_INT = 2;

    private final String name;
    private final List<ProtoMessage> nodes = new ArrayList<>();
    private final List<ProtoMessage> initializers = new ArrayList<>();
    private final List<ProtoMessage> inputs = new ArrayList<>();
    private final List<ProtoMessage> outputs = new ArrayList<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    public OnnxGraph(String name) {
        this.name = name;
    }

    /** An integer attribute of a node. */
    public record IntAttribute(String name, long value) {
    }

    /** Adds a double tensor of shape {@code dims} (row-major {@code values}) as initializer {@code name}; returns the name. */
    public String constant(String name, long[] dims, double[] values) {
        ByteBuffer raw = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            raw.putDouble(v);
        }
        return constant(name, dims, DOUBLE, raw.array());
    }

    /** Adds a float tensor of shape {@code dims} (row-major {@code values}) as initializer {@code name}; returns the name. */
    public String constant(String name, long[] dims, float[] values) {
        ByteBuffer raw = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            raw.putFloat(v);
        }
        return constant(name, dims, FLOAT, raw.array());
    }

    /** Adds an int64 tensor of shape {@code dims} (row-major {@code values}) as initializer {@code name}; returns its name. */
    public String constant(String name, long[] dims, long[] values) {
        ByteBuffer raw = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            raw.putLong(v);
        }
        return constant(name, dims, INT64, raw.array());
    }

    private String constant(String name, long[] dims, int dataType, byte[] raw) {
        ProtoMessage tensor = new ProtoMessage();
        for (long d : dims) {
            tensor.varint(1, d);
        }
        initializers.add(tensor.varint(2, dataType).string(8, name).bytes(9, raw));
        return name;
    }

    /** Adds node {@code op(inputs) → output}, named after its output; returns the output's name. */
    public String node(String opType, List<String> inputs, String output, IntAttribute... attributes) {
        ProtoMessage node = new ProtoMessage();
        inputs.forEach(in -> node.string(1, in));
        node.string(2, output).string(3, output).string(4, opType);
        for (IntAttribute a : attributes) {
            node.message(5, new ProtoMessage().string(1, a.name()).varint(3, a.value()).varint(20, ATTRIBUTE_INT));
        }
        nodes.add(node);
        return output;
    }

    /** Declares graph input {@code name}; a {@code dims} entry is a {@code Long} size or a {@code String} symbolic one. */
    public void input(String name, int elemType, Object... dims) {
        inputs.add(valueInfo(name, elemType, dims));
    }

    /** Declares graph output {@code name}, as {@link #input}. */
    public void output(String name, int elemType, Object... dims) {
        outputs.add(valueInfo(name, elemType, dims));
    }

    /** A {@code metadata_props} entry of the model. */
    public void metadata(String key, String value) {
        metadata.put(key, value);
    }

    private static ProtoMessage valueInfo(String name, int elemType, Object... dims) {
        ProtoMessage shape = new ProtoMessage();
        for (Object d : dims) {
            ProtoMessage dim = new ProtoMessage();
            if (d instanceof String symbol) {
                dim.string(2, symbol);
            } else {
                dim.varint(1, (Long) d);
            }
            shape.message(1, dim);
        }
        ProtoMessage tensorType = new ProtoMessage().varint(1, elemType).message(2, shape);
        return new ProtoMessage().string(1, name).message(2, new ProtoMessage().message(1, tensorType));
    }

    /** The serialized {@code ModelProto}. */
    public byte[] toModel(String producer) {
        ProtoMessage graph = new ProtoMessage();
        nodes.forEach(n -> graph.message(1, n));
        graph.string(2, name);
        initializers.forEach(t -> graph.message(5, t));
        inputs.forEach(i -> graph.message(11, i));
        outputs.forEach(o -> graph.message(12, o));
        ProtoMessage model = new ProtoMessage().varint(1, IR_VERSION).string(2, producer).message(7, graph)
                .message(8, new ProtoMessage().varint(2, OPSET));
        metadata.forEach((k, v) -> model.message(14, new ProtoMessage().string(1, k).string(2, v)));
        return model.toByteArray();
    }
}
