package org.sparkppo.env;

import java.util.Arrays;

/**
 * {@code Box(low, high, shape)} with float32 bounds, as Gymnasium stores them. Unbounded
 * dimensions carry {@code ±Infinity}.
 */
public final class Box implements Space {
    private final float[] low;
    private final float[] high;
    private final int[] shape;

    public Box(float[] low, float[] high, int... shape) {
        int size = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        if (low.length != size || high.length != size) {
            throw new IllegalArgumentException("Box bounds must have " + size + " entries for shape "
                    + Arrays.toString(shape) + ", but low has " + low.length + " and high " + high.length);
        }
        for (int i = 0; i < size; i++) {
            if (!(low[i] <= high[i])) {
                throw new IllegalArgumentException("Box needs low <= high, but dimension " + i + " has low "
                        + low[i] + " and high " + high[i]);
            }
        }
        this.low = low.clone();
        this.high = high.clone();
        this.shape = shape.clone();
    }

    /** A box with the same bounds in every dimension. */
    public static Box uniform(float low, float high, int size) {
        float[] lo = new float[size];
        float[] hi = new float[size];
        Arrays.fill(lo, low);
        Arrays.fill(hi, high);
        return new Box(lo, hi, size);
    }

    public float low(int i) {
        return low[i];
    }

    public float high(int i) {
        return high[i];
    }

    public int[] shape() {
        return shape.clone();
    }

    @Override
    public int flatDim() {
        return low.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Box b && Arrays.equals(low, b.low) && Arrays.equals(high, b.high)
                && Arrays.equals(shape, b.shape);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(low) + Arrays.hashCode(high)) + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return "Box(" + Arrays.toString(low) + ", " + Arrays.toString(high) + ", " + Arrays.toString(shape) + ")";
    }
}
