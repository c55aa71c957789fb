package org.sparkppo.loss;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * JUnit extension: ND4J's default data types are double precision during each test (finite
 * differences need it) and restored afterwards.
 */
final class DoublePrecisionDefaults implements BeforeEachCallback, AfterEachCallback {
    private DataType previousDefault;
    private DataType previousFloatingPoint;

    @Override
    public void beforeEach(ExtensionContext context) {
        previousDefault = Nd4j.dataType();
        previousFloatingPoint = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Nd4j.setDefaultDataTypes(previousDefault, previousFloatingPoint);
    }
}
