package org.sparkppo.env;

/**
 * {@code Discrete(n)}: the integers {@code 0 .. n-1}. One element occupies one float slot of an
 * action block (the index, stored exactly).
 */
public record Discrete(int n) implements Space {

    public Discrete {
        if (n < 1) {
            throw new IllegalArgumentException("Discrete space needs n >= 1, but was " + n);
        }
    }

    @Override
    public int flatDim() {
        return 1;
    }

    @Override
    public String toString() {
        return "Discrete(" + n + ")";
    }
}
