package org.sparkppo.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The bulk copies read and write exactly what element-wise access does, for whole arrays, views
 * with an offset, column-major arrays and both floating-point types.
 */
class FlatArraysTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT"})
    void rowMajorReadsWhatElementWiseAccessReads(DataType type) {
        INDArray matrix = Nd4j.linspace(1, 24, 24, DataType.DOUBLE).reshape(4, 6).divi(7).castTo(type);
        for (INDArray array : new INDArray[] {matrix, matrix.getRow(2), matrix.get(NDArrayIndex.interval(1, 3),
                NDArrayIndex.interval(2, 5)), matrix.dup('f'), matrix.transpose(), Nd4j.scalar(type, 0.25)}) {
            assertArrayEquals(elementWise(array), FlatArrays.rowMajor(array), 0.0, array.shapeInfoToString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT"})
    void writeFillsAWholeRowMajorArray(DataType type) {
        double[] values = {0.5, -1.25, 3.0, 1e-3, 7.0, -0.0};
        INDArray target = Nd4j.zeros(type, 2, 3);
        FlatArrays.write(values, target);
        for (int i = 0; i < values.length; i++) {
            assertEquals(type == DataType.FLOAT ? (float) values[i] : values[i], target.getDouble(i / 3, i % 3), 0.0);
        }
        assertArrayEquals(type == DataType.FLOAT ? elementWise(Nd4j.create(values, new long[] {2, 3}, DataType.FLOAT))
                : values, FlatArrays.rowMajor(target), 0.0);
    }

    @ParameterizedTest(name = "rejects {0}")
    @ValueSource(strings = {"view", "column-major", "wrong length", "integer"})
    void writeRejectsWhatItCannotFillInOneCopy(String kind) {
        INDArray matrix = Nd4j.zeros(DataType.DOUBLE, 4, 3);
        INDArray target = switch (kind) {
            case "view" -> matrix.getRow(1);
            case "column-major" -> matrix.dup('f');
            case "wrong length" -> Nd4j.zeros(DataType.DOUBLE, 2, 2);
            default -> Nd4j.zeros(DataType.INT, 1, 3);
        };
        double[] values = new double[kind.equals("column-major") ? 12 : 3];
        assertThrows(IllegalArgumentException.class, () -> FlatArrays.write(values, target));
    }

    private static double[] elementWise(INDArray array) {
        INDArray flat = Nd4j.toFlattened('c', array);
        double[] values = new double[(int) array.length()];
        for (int i = 0; i < values.length; i++) {
            values[i] = flat.getDouble(i);
        }
        return values;
    }
}
